/**
 * Every mutation, tried by every role of the right agency and by a wrong
 * agency: each refusal is FORBIDDEN and leaves the graph exactly as it was
 * (nodes, relationships and every property), each allowed call succeeds.
 * Without a token, every mutation gets 401 / UNAUTHENTICATED and no data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/modules/shared/user.ts';
import { createTestApp, emptyGraph, type GraphQLBody, type TestApp } from '../../support/graph.ts';
import { A, as, CHANGE, coordinationScenario, FILE, filing, snapshot, TODAY, type FileBody } from '../../support/coordination.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  await emptyGraph(app.db);
  expect((await app.datasets.load(coordinationScenario())).problems).toEqual([]);
});

afterAll(() => app.close());

/** A mutation ready to run: `setup` brings the graph to the state it needs and returns its variables. */
interface Mutation {
  name: string;
  document: string;
  setup: () => Promise<Record<string, unknown>>;
}

async function fileAsChengdu(): Promise<string> {
  const body = (await app.graphqlAs(await as(A.chengdu, 'COORDINATOR'), FILE, filing())) as FileBody;
  expect(body.errors).toBeUndefined();
  return body.data!.fileCoordinationRequest.request.id;
}

async function advance(id: string, steps: ('acknowledge' | 'start')[]): Promise<void> {
  const tianjin = await as(A.tianjin, 'COORDINATOR');
  for (const step of steps) expect((await app.graphqlAs(tianjin, CHANGE[step], { id })).errors).toBeUndefined();
}

/** Closes every open request, so a new filing opens a fresh one. */
async function closeAll(): Promise<void> {
  await app.db.query(
    { operation: 'test.close' },
    `MATCH (r:CoordinationRequest) WHERE r.status IN ['SUBMITTED', 'ACKNOWLEDGED', 'IN_PROGRESS'] SET r.status = 'WITHDRAWN'
     WITH r MATCH (:OpenTarget)-[f:OPEN_FOR]->(r) DELETE f`,
    {},
    'WRITE',
  );
}

let datasets = 0;
const MUTATIONS: Record<string, Mutation> = {
  fileCoordinationRequest: {
    name: 'fileCoordinationRequest',
    document: FILE,
    setup: async () => {
      await closeAll();
      return filing();
    },
  },
  acknowledgeRequest: {
    name: 'acknowledgeRequest',
    document: CHANGE.acknowledge,
    setup: async () => {
      await closeAll();
      return { id: await fileAsChengdu(), note: 'ok' };
    },
  },
  startRequest: {
    name: 'startRequest',
    document: CHANGE.start,
    setup: async () => {
      await closeAll();
      const id = await fileAsChengdu();
      await advance(id, ['acknowledge']);
      return { id, note: null };
    },
  },
  resolveRequest: {
    name: 'resolveRequest',
    document: CHANGE.resolve,
    setup: async () => {
      await closeAll();
      const id = await fileAsChengdu();
      await advance(id, ['acknowledge', 'start']);
      return { id, note: 'done' };
    },
  },
  rejectRequest: {
    name: 'rejectRequest',
    document: CHANGE.reject,
    setup: async () => {
      await closeAll();
      return { id: await fileAsChengdu(), note: '无法协调' };
    },
  },
  withdrawRequest: {
    name: 'withdrawRequest',
    document: CHANGE.withdraw,
    setup: async () => {
      await closeAll();
      return { id: await fileAsChengdu(), note: null };
    },
  },
  commentOnRequest: {
    name: 'commentOnRequest',
    document: CHANGE.comment,
    setup: async () => {
      await closeAll();
      return { id: await fileAsChengdu(), note: '进展如何？' };
    },
  },
  loadDataset: {
    name: 'loadDataset',
    document: 'mutation($dataset: JSON!) { loadDataset(dataset: $dataset) { loaded problems { path message } } }',
    // A document with one enterprise the graph does not hold yet, so an allowed load writes and a refused one could be seen to.
    setup: async () => {
      const scenario = coordinationScenario();
      const id = `fx-new-${++datasets}`;
      return { dataset: { ...scenario, enterprises: [...scenario.enterprises, { id, name: `新厂${datasets}`, region: '510105', status: 'OPERATING' }] } };
    },
  },
  setEnterpriseStatus: {
    name: 'setEnterpriseStatus',
    document: 'mutation($id: ID!, $status: EnterpriseStatus!, $date: Date) { setEnterpriseStatus(enterpriseId: $id, status: $status, expectedResumeDate: $date) { status } }',
    // The Tianjin Binhai supplier: its district has no agency of its own; Tianjin's commission governs the municipality above it.
    setup: async () => {
      const admin = await app.graphql('mutation { setEnterpriseStatus(enterpriseId: "fx-tj-supplier", status: SUSPENDED, expectedResumeDate: "2020-02-20") { status } }');
      expect(admin.errors).toBeUndefined();
      return { id: 'fx-tj-supplier', status: 'OPERATING', date: null };
    },
  },
};

interface Case {
  mutation: keyof typeof MUTATIONS;
  agency: string;
  role: Role;
  allowed: boolean;
  why: string;
  /** The code of the refusal when not FORBIDDEN. */
  refusal?: 'UNAUTHENTICATED';
}

/** The right agency with each role, then agencies with no right to it (an ADMIN among them). */
function cases(mutation: keyof typeof MUTATIONS, right: string, allowedRoles: Role[], wrong: [string, Role, string][]): Case[] {
  return [
    ...(['VIEWER', 'COORDINATOR', 'ADMIN'] as const).map((role) => ({ mutation, agency: right, role, allowed: allowedRoles.includes(role), why: `${role} of the ${mutation === 'loadDataset' ? 'any agency' : 'right agency'}` })),
    ...wrong.map(([agency, role, why]) => ({ mutation, agency, role, allowed: false, why })),
  ];
}

const RESPOND: [string, Role, string][] = [
  [A.chengdu, 'COORDINATOR', 'a coordinator of the requester'],
  [A.sichuan, 'COORDINATOR', 'a coordinator of a copied agency'],
  [A.mianyang, 'ADMIN', 'an admin of an unrelated agency'],
];

const TABLE: Case[] = [
  // Filing always acts for the caller's own agency, so the only wrong agency is one the graph does not hold:
  // its token is refused before any permission is asked.
  ...cases('fileCoordinationRequest', A.chengdu, ['COORDINATOR', 'ADMIN'], [['agency-unknown', 'COORDINATOR', 'a coordinator of an agency the graph does not hold']]).map((c) =>
    c.agency === 'agency-unknown' ? { ...c, refusal: 'UNAUTHENTICATED' as const } : c,
  ),
  ...cases('acknowledgeRequest', A.tianjin, ['COORDINATOR', 'ADMIN'], RESPOND),
  ...cases('startRequest', A.tianjin, ['COORDINATOR', 'ADMIN'], RESPOND),
  ...cases('resolveRequest', A.tianjin, ['COORDINATOR', 'ADMIN'], RESPOND),
  ...cases('rejectRequest', A.tianjin, ['COORDINATOR', 'ADMIN'], RESPOND),
  ...cases('withdrawRequest', A.chengdu, ['COORDINATOR', 'ADMIN'], [
    [A.tianjin, 'COORDINATOR', 'a coordinator of the addressee'],
    [A.qingyang, 'COORDINATOR', 'a coordinator of the originator'],
    [A.mianyang, 'ADMIN', 'an admin of an unrelated agency'],
  ]),
  ...cases('commentOnRequest', A.sichuan, ['COORDINATOR', 'ADMIN'], [
    [A.mianyang, 'COORDINATOR', 'a coordinator of an unrelated agency'],
    [A.chengdu, 'VIEWER', 'a viewer of the requester'],
  ]),
  ...cases('loadDataset', A.mianyang, ['ADMIN'], [[A.tianjin, 'COORDINATOR', 'a coordinator']]),
];

/** Status changes: governed by the enterprise's region, or by any ADMIN. */
const SET_STATUS_TABLE: Case[] = [
  ...cases('setEnterpriseStatus', A.tianjin, ['COORDINATOR', 'ADMIN'], [
    [A.chengdu, 'COORDINATOR', 'a coordinator of an agency governing another region'],
    [A.qingyang, 'VIEWER', 'a viewer of another agency'],
  ]),
  { mutation: 'setEnterpriseStatus', agency: A.mianyang, role: 'ADMIN', allowed: true, why: 'an admin of any agency' },
];

function firstError(body: GraphQLBody<unknown>) {
  return body.errors?.[0];
}

describe.each([
  ['requests and imports', TABLE],
  ['enterprise status', SET_STATUS_TABLE],
])('who may do what: %s', (_title, table) => {
  it.each(table.map((c) => [`${c.mutation} by ${c.role} of ${c.agency} (${c.why}) → ${c.allowed ? 'allowed' : 'FORBIDDEN'}`, c] as const))('%s', async (_label, c) => {
    const mutation = MUTATIONS[c.mutation]!;
    const variables = await mutation.setup();
    const token = await as(c.agency, c.role);
    const before = await snapshot(app.db);
    const body = (await app.graphqlAs(token, mutation.document, variables)) as GraphQLBody<Record<string, unknown>>;
    if (c.allowed) {
      expect(body.errors).toBeUndefined();
      expect(body.data?.[mutation.name]).toBeTruthy();
      if (c.mutation === 'loadDataset') expect(body.data?.loadDataset).toMatchObject({ loaded: true });
      expect(await snapshot(app.db)).not.toEqual(before);
      if (c.mutation === 'fileCoordinationRequest') {
        const filed = (body as FileBody).data!.fileCoordinationRequest.request;
        expect(filed.requesters).toEqual([{ id: c.agency }]);
      }
    } else {
      expect(body.data ?? null).toBeNull();
      expect(firstError(body)?.extensions?.code).toBe(c.refusal ?? 'FORBIDDEN');
      expect(firstError(body)?.message).toContain(c.refusal ? c.agency : `you are ${c.role} of ${c.agency}`);
      const after = await snapshot(app.db);
      expect({ nodes: after.nodes, relationships: after.relationships, properties: after.properties }).toEqual({
        nodes: before.nodes,
        relationships: before.relationships,
        properties: before.properties,
      });
      expect(after.content).toEqual(before.content);
    }
  });
});

describe('a coordinator of a wrong agency filing', () => {
  it('files for its own agency: the requester is never taken from the input', async () => {
    await closeAll();
    const body = (await app.graphqlAs(await as(A.mianyang, 'COORDINATOR'), FILE, { input: { ...filing().input, requesterAgencyId: A.chengdu } })) as FileBody;
    // The input type has no requester field at all: naming one is a validation error, before anything runs.
    expect(body.errors?.[0]?.message).toMatch(/requesterAgencyId/);
    const own = (await app.graphqlAs(await as(A.mianyang, 'COORDINATOR'), FILE, filing())) as FileBody;
    expect(own.data!.fileCoordinationRequest.request.requesters).toEqual([{ id: A.mianyang }]);
  });
});

describe('without a token', () => {
  it.each(Object.values(MUTATIONS).map((m) => [m.name, m] as const))('%s → 401 UNAUTHENTICATED, no data, nothing written', async (_name, mutation) => {
    const variables = await mutation.setup();
    const before = await snapshot(app.db);
    const response = await app.post(null, mutation.document, variables);
    expect(response.status).toBe(401);
    const body = (await response.json()) as GraphQLBody<unknown>;
    expect(body.data ?? null).toBeNull();
    expect(firstError(body)?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await snapshot(app.db)).toEqual(before);
  });
});
