/**
 * A small coordination scenario and the GraphQL documents the coordination
 * tests share. Qingyang plants need a part only a suspended Tianjin supplier
 * makes; Chengdu's bureau asks Tianjin's commission, Qingyang originates,
 * Sichuan is copied, Mianyang takes no part.
 */
import type { Database } from '../../src/neo4j/database.ts';
import type { Role } from '../../src/modules/shared/user.ts';
import { A, dataset, MIANYANG_AGENCY, TODAY } from './fixtures.ts';
import { tokenFor, type GraphQLBody } from './graph.ts';

export { A, TODAY };
export const DUE = '2020-02-20';


export function coordinationScenario() {
  const data = dataset({
    enterprises: [
      { id: 'fx-tj-supplier', name: '滨海精密零件厂', region: '120116', status: 'SUSPENDED', expectedResumeDate: '2020-02-20' },
      { id: 'fx-tj-valves', name: '滨海阀门厂', region: '120116', status: 'SUSPENDED' },
      { id: 'fx-qy-plant-1', name: '青羊航空一厂', region: '510105', status: 'OPERATING', workforce: 300 },
      { id: 'fx-qy-plant-2', name: '青羊航空二厂', region: '510105', status: 'OPERATING', workforce: 200 },
      { id: 'fx-my-plant', name: '涪城机械厂', region: '510703', status: 'OPERATING', workforce: 100 },
    ],
    components: [
      { id: 'fx-part', name: '液压作动筒', category: '航空零部件' },
      { id: 'fx-valve', name: '液压阀', category: '航空零部件' },
    ],
    makes: [
      { enterprise: 'fx-tj-supplier', component: 'fx-part' },
      { enterprise: 'fx-tj-valves', component: 'fx-valve' },
    ],
    needs: [
      { enterprise: 'fx-qy-plant-1', component: 'fx-part' },
      { enterprise: 'fx-qy-plant-2', component: 'fx-part' },
      { enterprise: 'fx-qy-plant-2', component: 'fx-valve' },
      { enterprise: 'fx-my-plant', component: 'fx-part' },
    ],
    supplies: [
      { supplier: 'fx-tj-supplier', customer: 'fx-qy-plant-1', component: 'fx-part' },
      { supplier: 'fx-tj-supplier', customer: 'fx-qy-plant-2', component: 'fx-part' },
      { supplier: 'fx-tj-valves', customer: 'fx-qy-plant-2', component: 'fx-valve' },
      { supplier: 'fx-tj-supplier', customer: 'fx-my-plant', component: 'fx-part' },
    ],
  });
  return { ...data, agencies: [...data.agencies, MIANYANG_AGENCY] };
}

export const as = (agency: string, role: Role, user?: string) => tokenFor({ agency, role, ...(user ? { user } : {}) });

export const REQUEST_FIELDS = `id status open overdue message dueDate createdAt updatedAt
  requesters { id } addressee { id } originator { id } copied { id }
  targets { enterprise { id } component { id } } plants { id }
  events { seq kind actor agencyId agency { id } at note readyPlants { id } }`;

export const FILE = `mutation File($input: FileCoordinationRequestInput!) {
  fileCoordinationRequest(input: $input) { joined replayed request { ${REQUEST_FIELDS} } }
}`;

export const CHANGE = {
  acknowledge: `mutation($id: ID!, $note: String) { acknowledgeRequest(id: $id, note: $note) { ${REQUEST_FIELDS} } }`,
  start: `mutation($id: ID!, $note: String) { startRequest(id: $id, note: $note) { ${REQUEST_FIELDS} } }`,
  resolve: `mutation($id: ID!, $note: String) { resolveRequest(id: $id, note: $note) { ${REQUEST_FIELDS} } }`,
  reject: `mutation($id: ID!, $note: String!) { rejectRequest(id: $id, reason: $note) { ${REQUEST_FIELDS} } }`,
  withdraw: `mutation($id: ID!, $note: String) { withdrawRequest(id: $id, note: $note) { ${REQUEST_FIELDS} } }`,
  comment: `mutation($id: ID!, $note: String!) { commentOnRequest(id: $id, note: $note) { ${REQUEST_FIELDS} } }`,
} as const;
export type Change = keyof typeof CHANGE;

export interface RequestView {
  id: string;
  status: string;
  open: boolean;
  overdue: boolean;
  message: string;
  dueDate: string;
  createdAt: string;
  updatedAt: string;
  requesters: { id: string }[];
  addressee: { id: string };
  originator: { id: string };
  copied: { id: string }[];
  targets: { enterprise: { id: string }; component: { id: string } }[];
  plants: { id: string }[];
  events: { seq: number; kind: string; actor: string; agencyId: string; agency: { id: string } | null; at: string; note: string | null; readyPlants: { id: string }[] | null }[];
}

export type FileBody = GraphQLBody<{ fileCoordinationRequest: { joined: boolean; replayed: boolean; request: RequestView } }>;

let keys = 0;
/** The usual filing: Chengdu asks Tianjin for the part supplier, for both Qingyang plants. */
export function filing(overrides: Record<string, unknown> = {}) {
  return {
    input: {
      addresseeAgencyId: A.tianjin,
      copiedAgencyIds: [A.sichuan],
      originatorAgencyId: A.qingyang,
      targets: [{ enterpriseId: 'fx-tj-supplier', componentId: 'fx-part' }],
      plantIds: ['fx-qy-plant-1', 'fx-qy-plant-2'],
      message: '请协调滨海精密零件厂尽快复工，青羊区两家航空企业缺液压作动筒。',
      dueDate: DUE,
      idempotencyKey: `key-${process.pid}-${++keys}-${Math.random().toString(36).slice(2)}`,
      ...overrides,
    },
  };
}

/**
 * Everything the graph holds, in a comparable form: nodes with labels and
 * properties, relationships with type, ends and properties. Equal before and
 * after means nothing was written.
 */
export async function snapshot(db: Database): Promise<{ nodes: number; relationships: number; properties: number; content: string[] }> {
  return db.read({ operation: 'test.snapshot' }, async (tx) => {
    const nodes = await tx.run('MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props');
    const rels = await tx.run('MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a, elementId(b) AS b, properties(r) AS props');
    const text = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) && v.constructor.name !== 'Object' ? String(v) : v));
    const content = [
      ...nodes.records.map((r) => `node ${r.get('id')} ${text(r.get('labels'))} ${text(Object.entries(r.get('props')).sort())}`),
      ...rels.records.map((r) => `rel ${r.get('id')} ${r.get('type')} ${r.get('a')}->${r.get('b')} ${text(Object.entries(r.get('props')).sort())}`),
    ].sort();
    const properties = [...nodes.records, ...rels.records].reduce((sum, r) => sum + Object.keys(r.get('props')).length, 0);
    return { nodes: nodes.records.length, relationships: rels.records.length, properties, content };
  });
}
