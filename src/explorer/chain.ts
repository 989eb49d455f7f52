/**
 * The drawn chain as data, apart from drawing: which enterprises and supply
 * edges are shown, what each expansion added (so every one can be undone,
 * newest first), and the part of a large neighbourhood not shown yet (paged
 * by PAGE_SIZE, so opening a supplier with thousands of customers never
 * draws them all at once). Every operation returns a new Chain.
 */
import type { EnterpriseStatus, NodeFieldsFragment } from './generated.ts';

export const PAGE_SIZE = 200;

export interface ChainNode {
  id: string;
  name: string;
  status: EnterpriseStatus;
  workforce: number;
  region: string;
  expectedResumeDate: string | null;
  /** Supply steps above the plant (1: its direct suppliers); negative below it (its customers); 0 for the plant. */
  tier: number;
  /** Tier at which it is a root cause of the plant; null when it is none. */
  rootCauseTier: number | null;
  /** Whether it can run, when known: the plant and the walk back along unmet needs are known; others are checked. */
  able: boolean | null;
}

export interface ChainEdge {
  id: string;
  supplier: string;
  customer: string;
  component: string;
  /** Ids of the restrictions in force that interrupt this delivery (the walk back's logistics root causes); empty when none does. */
  restrictions: string[];
}

export type Direction = 'suppliers' | 'customers';

export interface Neighbour {
  node: NodeFieldsFragment;
  component: { id: string; name: string };
}

export interface Expansion {
  nodeId: string;
  direction: Direction;
  /** Nodes and edges this expansion put on the chain (so far: paging adds to them). */
  nodes: string[];
  edges: string[];
  /** Neighbours not shown yet, in the order the API gave them. */
  pending: Neighbour[];
  /** How many neighbours the expansion found that were not on the chain before. */
  total: number;
}

export interface Chain {
  plantId: string;
  nodes: ReadonlyMap<string, ChainNode>;
  edges: ReadonlyMap<string, ChainEdge>;
  history: readonly Expansion[];
}

export type NodeState = 'able' | 'blocked' | 'suspended' | 'closed' | 'checking';

export function stateOf(node: ChainNode): NodeState {
  if (node.status === 'CLOSED') return 'closed';
  if (node.status === 'SUSPENDED') return 'suspended';
  if (node.able === null) return 'checking';
  return node.able ? 'able' : 'blocked';
}

export function regionName(node: NodeFieldsFragment): string {
  return node.region.parent ? `${node.region.parent.name} ${node.region.name}` : node.region.name;
}

function toNode(node: NodeFieldsFragment, tier: number, rootCauseTier: number | null, able: boolean | null): ChainNode {
  return {
    id: node.id,
    name: node.name,
    status: node.status,
    workforce: node.workforce,
    region: regionName(node),
    expectedResumeDate: node.expectedResumeDate,
    tier,
    rootCauseTier,
    able,
  };
}

export function edgeId(supplier: string, customer: string, component: string): string {
  return `${supplier}>${customer}>${component}`;
}

export interface LogisticsCauseInput {
  tier: number;
  restrictionId: string;
  /** From the supplier cut off to the plant. */
  path: NodeFieldsFragment[];
  /** Components of the deliveries the restriction interrupts, from path[0] to path[1]. */
  components: { id: string; name: string }[];
}

export interface RootCauseInput {
  tier: number;
  enterprise: NodeFieldsFragment;
  /** From the root cause to the plant. */
  path: NodeFieldsFragment[];
  components: { id: string; name: string }[];
}

/**
 * The plant, its direct suppliers and its root causes' paths. A hop's component is the one the
 * customer gets from that supplier (`componentsOf`, from the customers'
 * supplier lists); an OPERATING enterprise between a root cause and the
 * plant is on a walk along unmet needs, so it is known not to be able.
 */
export function initialChain(
  plant: NodeFieldsFragment,
  ready: boolean,
  rootCauses: readonly RootCauseInput[],
  componentsOf: (supplier: string, customer: string) => string[],
  directSuppliers: readonly Neighbour[] = [],
  logistics: readonly LogisticsCauseInput[] = [],
): Chain {
  const nodes = new Map<string, ChainNode>([[plant.id, toNode(plant, 0, null, ready)]]);
  const edges = new Map<string, ChainEdge>();
  // The plant's own suppliers too, the able ones included: what it gets from whom is the first question asked.
  for (const { node, component } of directSuppliers) {
    if (!nodes.has(node.id)) nodes.set(node.id, toNode(node, 1, null, node.status === 'OPERATING' ? null : false));
    const id = edgeId(node.id, plant.id, component.name);
    edges.set(id, { id, supplier: node.id, customer: plant.id, component: component.name, restrictions: [] });
  }
  for (const cause of rootCauses) {
    const hops = cause.path.length - 1;
    cause.path.forEach((step, index) => {
      const tier = hops - index;
      const known = nodes.get(step.id);
      const rootCauseTier = step.id === cause.enterprise.id ? cause.tier : (known?.rootCauseTier ?? null);
      nodes.set(step.id, toNode(step, known ? Math.min(known.tier, tier) : tier, rootCauseTier, step.id === plant.id ? ready : false));
      const next = cause.path[index + 1];
      if (!next) return;
      const names = componentsOf(step.id, next.id);
      for (const component of names.length ? names : cause.components.map((c) => c.name)) {
        const id = edgeId(step.id, next.id, component);
        edges.set(id, { id, supplier: step.id, customer: next.id, component, restrictions: edges.get(id)?.restrictions ?? [] });
      }
    });
  }
  // A restriction cuts the first hop of its path; the supplier cut off may well be able, and is checked like any other.
  for (const cause of logistics) {
    const hops = cause.path.length - 1;
    cause.path.forEach((step, index) => {
      const tier = hops - index;
      const known = nodes.get(step.id);
      const able = step.id === plant.id ? ready : index === 0 ? (step.status === 'OPERATING' ? (known?.able ?? null) : false) : false;
      nodes.set(step.id, toNode(step, known ? Math.min(known.tier, tier) : tier, known?.rootCauseTier ?? null, able));
      const next = cause.path[index + 1];
      if (!next) return;
      const names = index === 0 ? cause.components.map((c) => c.name) : componentsOf(step.id, next.id);
      for (const component of names.length ? names : cause.components.map((c) => c.name)) {
        const id = edgeId(step.id, next.id, component);
        const restrictions = edges.get(id)?.restrictions ?? [];
        edges.set(id, { id, supplier: step.id, customer: next.id, component, restrictions: index === 0 && !restrictions.includes(cause.restrictionId) ? [...restrictions, cause.restrictionId] : restrictions });
      }
    });
  }
  return { plantId: plant.id, nodes, edges, history: [] };
}

function addPage(chain: Chain, expansion: Expansion): Chain {
  const nodes = new Map(chain.nodes);
  const edges = new Map(chain.edges);
  const from = nodes.get(expansion.nodeId);
  const tier = (from?.tier ?? 0) + (expansion.direction === 'suppliers' ? 1 : -1);
  const added: string[] = [];
  const addedEdges: string[] = [];
  let shown = 0;
  let index = 0;
  for (; index < expansion.pending.length; index++) {
    const { node, component } = expansion.pending[index] as Neighbour;
    const isNew = !nodes.has(node.id);
    if (isNew && shown === PAGE_SIZE) break;
    if (isNew) {
      nodes.set(node.id, toNode(node, tier, null, node.status === 'OPERATING' ? null : false));
      added.push(node.id);
      shown++;
    }
    const [supplier, customer] = expansion.direction === 'suppliers' ? [node.id, expansion.nodeId] : [expansion.nodeId, node.id];
    const id = edgeId(supplier, customer, component.name);
    if (!edges.has(id)) {
      edges.set(id, { id, supplier, customer, component: component.name, restrictions: [] });
      addedEdges.push(id);
    }
  }
  const updated: Expansion = { ...expansion, nodes: [...expansion.nodes, ...added], edges: [...expansion.edges, ...addedEdges], pending: expansion.pending.slice(index) };
  return { ...chain, nodes, edges, history: [...chain.history.slice(0, -1), updated] };
}

/** Adds a node's suppliers or customers, the first PAGE_SIZE new ones; null when it would add nothing. */
export function expand(chain: Chain, nodeId: string, direction: Direction, neighbours: readonly Neighbour[]): Chain | null {
  const fresh = neighbours.filter((n) => !chain.nodes.has(n.node.id) || !chain.edges.has(edgeId(...(direction === 'suppliers' ? [n.node.id, nodeId] : [nodeId, n.node.id]) as [string, string], n.component.name)));
  if (fresh.length === 0) return null;
  const total = new Set(fresh.filter((n) => !chain.nodes.has(n.node.id)).map((n) => n.node.id)).size;
  const expansion: Expansion = { nodeId, direction, nodes: [], edges: [], pending: fresh, total };
  return addPage({ ...chain, history: [...chain.history, expansion] }, expansion);
}

/** The next page of the newest expansion, when it has one. */
export function showMore(chain: Chain): Chain {
  const last = chain.history.at(-1);
  return last && last.pending.length ? addPage(chain, last) : chain;
}

/** Removes what the newest expansion added, all its pages. */
export function undo(chain: Chain): Chain {
  const last = chain.history.at(-1);
  if (!last) return chain;
  const nodes = new Map(chain.nodes);
  const edges = new Map(chain.edges);
  for (const id of last.nodes) nodes.delete(id);
  for (const id of last.edges) edges.delete(id);
  return { ...chain, nodes, edges, history: chain.history.slice(0, -1) };
}

export function withAbility(chain: Chain, id: string, able: boolean): Chain {
  const node = chain.nodes.get(id);
  if (!node || node.able === able) return chain;
  return { ...chain, nodes: new Map(chain.nodes).set(id, { ...node, able }) };
}

/** The chain as the accessible list shows it: highest tier first, root causes first within a tier, then name. */
export function listed(chain: Chain): ChainNode[] {
  return [...chain.nodes.values()].sort(
    (a, b) => b.tier - a.tier || Number(b.rootCauseTier !== null) - Number(a.rootCauseTier !== null) || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id),
  );
}
