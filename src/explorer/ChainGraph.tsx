/**
 * The chain drawn with cytoscape. The first drawing is laid out with dagre,
 * in layers: suppliers above their customers, by tier. An expansion places
 * only what it added, in a row above (suppliers) or below (customers) the
 * expanded node, and never moves what is already placed; when what it added
 * closes a cycle through placed nodes, fcose settles the new nodes with every
 * placed one held fixed. Undo removes elements and moves nothing.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import { useEffect, useRef } from 'preact/hooks';
import { stateOf, type Chain, type NodeState } from './chain.ts';
import { save } from './download.ts';
import { t } from './i18n.ts';

cytoscape.use(dagre);
cytoscape.use(fcose);

export const STATE_COLOURS: Record<NodeState, string> = {
  able: '#2e7d32',
  blocked: '#ef6c00',
  suspended: '#c62828',
  closed: '#616161',
  checking: '#78909c',
};

const ROW = 110;
const COLUMN = 170;

function nodeData(chain: Chain, id: string) {
  const node = chain.nodes.get(id)!;
  const rootCause = node.rootCauseTier !== null;
  return {
    id,
    label: rootCause ? `${node.name}\n${t('rootCauseAt', { tier: node.rootCauseTier! })}` : node.name,
    colour: STATE_COLOURS[stateOf(node)],
    rootCause: rootCause ? 1 : 0,
    plant: id === chain.plantId ? 1 : 0,
  };
}

function elementsOf(chain: Chain, ids?: { nodes: Iterable<string>; edges: Iterable<string> }): ElementDefinition[] {
  const nodes = ids ? [...ids.nodes] : [...chain.nodes.keys()];
  const edges = ids ? [...ids.edges] : [...chain.edges.keys()];
  return [
    ...nodes.filter((id) => chain.nodes.has(id)).map((id) => ({ group: 'nodes' as const, data: nodeData(chain, id) })),
    ...edges
      .map((id) => chain.edges.get(id))
      .filter((e) => e !== undefined)
      .map((e) => ({
        group: 'edges' as const,
        data: { id: e.id, source: e.supplier, target: e.customer, label: e.restrictions.length ? `${e.component}\n${t('deliveryCut')}` : e.component, cut: e.restrictions.length ? 1 : 0 },
      })),
  ];
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      label: 'data(label)',
      color: '#1a1a1a',
      'font-size': 11,
      'text-wrap': 'wrap',
      'text-max-width': '140px',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      width: 22,
      height: 22,
      'font-family': '"Noto Sans CJK SC", "Noto Sans SC", sans-serif',
    },
  },
  { selector: 'node[rootCause = 1]', style: { width: 34, height: 34, 'border-width': 5, 'border-color': '#000', 'font-weight': 'bold' } },
  { selector: 'node[plant = 1]', style: { shape: 'round-rectangle', width: 38, height: 28, 'border-width': 3, 'border-color': '#1565c0' } },
  { selector: 'node:selected', style: { 'overlay-color': '#1565c0', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#9e9e9e',
      'target-arrow-color': '#9e9e9e',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      color: '#424242',
      'text-background-color': '#fff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      'font-family': '"Noto Sans CJK SC", "Noto Sans SC", sans-serif',
    },
  },
  { selector: 'edge[cut = 1]', style: { 'line-color': '#b71c1c', 'target-arrow-color': '#b71c1c', 'line-style': 'dashed', width: 3, color: '#b71c1c', 'text-wrap': 'wrap' } },
];

export function ChainGraph(props: { chain: Chain; selected: string | null; onSelect: (id: string) => void; locale: string }) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const drawnPlant = useRef<string | null>(null);
  const onSelect = useRef(props.onSelect);
  onSelect.current = props.onSelect;

  useEffect(() => {
    const core = cytoscape({ container: container.current, style: STYLE, wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 3, boxSelectionEnabled: false });
    core.on('tap', 'node', (event) => onSelect.current(event.target.id() as string));
    cy.current = core;
    return () => core.destroy();
  }, []);

  useEffect(() => {
    const core = cy.current;
    if (!core) return;
    const { chain } = props;
    if (drawnPlant.current !== chain.plantId) {
      // A newly opened plant: draw it whole, in layers.
      drawnPlant.current = chain.plantId;
      core.elements().remove();
      core.add(elementsOf(chain));
      core.layout({ name: 'dagre', rankDir: 'TB', nodeSep: 30, rankSep: 80, edgeSep: 10, nodeDimensionsIncludeLabels: true, animate: false, fit: true, padding: 30 } as cytoscape.LayoutOptions).run();
      // A short chain fitted to the box would be drawn huge: keep it at a readable size.
      if (core.zoom() > 1.3) {
        core.zoom(1.3);
        core.center();
      }
      return;
    }
    core.batch(() => {
      core.elements().forEach((element) => {
        const id = element.id();
        if (element.isNode() ? !chain.nodes.has(id) : !chain.edges.has(id)) element.remove();
      });
      for (const id of chain.nodes.keys()) {
        const node = core.getElementById(id);
        if (node.nonempty()) node.data(nodeData(chain, id));
      }
    });
    const newNodes = [...chain.nodes.keys()].filter((id) => core.getElementById(id).empty());
    const newEdges = [...chain.edges.keys()].filter((id) => core.getElementById(id).empty());
    if (!newNodes.length && !newEdges.length) return;
    const placed = core.nodes().map((n) => n.id());
    const last = chain.history.at(-1);
    const origin = last ? core.getElementById(last.nodeId) : core.collection();
    const centre = origin.nonempty() ? origin.position() : { x: 0, y: 0 };
    const direction = last?.direction === 'customers' ? 1 : -1;
    // A row per 12 nodes, next to the rows earlier pages of this expansion filled.
    const already = last ? last.nodes.length - newNodes.length : 0;
    const added = core.add(
      newNodes.map((id, i) => {
        const slot = already + i;
        const row = Math.floor(slot / 12);
        const inRow = Math.min(12, (last?.nodes.length ?? newNodes.length) - row * 12);
        const column = (slot % 12) - (inRow - 1) / 2;
        return { group: 'nodes' as const, data: nodeData(chain, id), position: { x: centre.x + column * COLUMN, y: centre.y + direction * ROW * (row + 1) } };
      }),
    );
    core.add(elementsOf(chain, { nodes: [], edges: newEdges }));
    const closesCycle = newEdges.some((id) => {
      const edge = chain.edges.get(id)!;
      const other = edge.supplier === last?.nodeId ? edge.customer : edge.supplier;
      return placed.includes(other) && other !== last?.nodeId;
    });
    if (closesCycle && added.nonempty()) {
      core
        .layout({
          name: 'fcose',
          randomize: false,
          animate: false,
          fit: false,
          quality: 'default',
          fixedNodeConstraint: placed.map((id) => ({ nodeId: id, position: core.getElementById(id).position() })),
        } as cytoscape.LayoutOptions)
        .run();
    }
  }, [props.chain, props.locale]);

  useEffect(() => {
    const core = cy.current;
    if (!core) return;
    core.$(':selected').unselect();
    if (props.selected) core.getElementById(props.selected).select();
  }, [props.selected, props.chain]);

  const exportPng = async () => {
    const png = await cy.current!.png({ output: 'blob-promise', full: true, bg: '#ffffff', scale: 2 });
    save(`${props.chain.plantId}-chain.png`, png);
  };
  return (
    <>
      <div class="graph" ref={container} role="img" aria-label={t('chain')} data-testid="chain-graph" />
      <button type="button" onClick={exportPng}>
        {t('exportPng')}
      </button>
    </>
  );
}
