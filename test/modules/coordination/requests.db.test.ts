/**
 * Coordination requests through the API against the real Neo4j: filing,
 * validation, joining, idempotency, the status machine, the event log, the
 * inbox queries, concurrency, and the hooks the status change calls.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendTargetResumed, openRequestsOnTarget } from '../../../src/modules/coordination/index.ts';
import { createTestApp, emptyGraph, type GraphQLBody, type TestApp } from '../../support/graph.ts';
import { A, as, CHANGE, coordinationScenario, DUE, FILE, filing, snapshot, TODAY, type Change, type FileBody, type RequestView } from '../../support/coordination.ts';

let app: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  await emptyGraph(app.db);
  const outcome = await app.datasets.load(coordinationScenario());
  expect(outcome.problems).toEqual([]);
  tokens.chengdu = await as(A.chengdu, 'COORDINATOR', 'cd-li');
  tokens.qingyang = await as(A.qingyang, 'COORDINATOR', 'qy-wang');
  tokens.tianjin = await as(A.tianjin, 'COORDINATOR', 'tj-zhao');
  tokens.tianjin2 = await as(A.tianjin, 'COORDINATOR', 'tj-sun');
  tokens.sichuan = await as(A.sichuan, 'COORDINATOR', 'sc-chen');
  tokens.mianyang = await as(A.mianyang, 'COORDINATOR', 'my-liu');
});

afterAll(() => app.close());

/** Closes every open request so each test starts with free targets. */
async function closeAll(): Promise<void> {
  await app.db.query(
    { operation: 'test.close' },
    `MATCH (r:CoordinationRequest) WHERE r.status IN ['SUBMITTED', 'ACKNOWLEDGED', 'IN_PROGRESS'] SET r.status = 'WITHDRAWN'
     WITH r MATCH (:OpenTarget)-[f:OPEN_FOR]->(r) DELETE f`,
    {},
    'WRITE',
  );
}

beforeEach(closeAll);

async function file(token: string, overrides: Record<string, unknown> = {}): Promise<FileBody> {
  return app.graphqlAs(token, FILE, filing(overrides)) as Promise<FileBody>;
}

async function fileOk(token: string, overrides: Record<string, unknown> = {}): Promise<RequestView> {
  const body = await file(token, overrides);
  expect(body.errors).toBeUndefined();
  return body.data!.fileCoordinationRequest.request;
}

type ChangeBody = GraphQLBody<Record<string, RequestView>>;

async function change(token: string, what: Change, id: string, note: string | null = null): Promise<ChangeBody> {
  return app.graphqlAs(token, CHANGE[what], { id, note }) as Promise<ChangeBody>;
}

async function changeOk(token: string, what: Change, id: string, note: string | null = null): Promise<RequestView> {
  const body = await change(token, what, id, note);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data!)[0] as RequestView;
}

describe('filing', () => {
  it('files a request for the caller’s agency with every field and a FILED event', async () => {
    const before = Date.now();
    const request = await fileOk(tokens.chengdu!);
    expect(request).toMatchObject({
      status: 'SUBMITTED',
      open: true,
      overdue: false,
      dueDate: DUE,
      requesters: [{ id: A.chengdu }],
      addressee: { id: A.tianjin },
      originator: { id: A.qingyang },
      copied: [{ id: A.sichuan }],
      targets: [{ enterprise: { id: 'fx-tj-supplier' }, component: { id: 'fx-part' } }],
      plants: [{ id: 'fx-qy-plant-1' }, { id: 'fx-qy-plant-2' }],
    });
    expect(request.id).toMatch(/^CR-\d{6}$/);
    expect(Date.parse(request.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(request.events).toEqual([{ seq: 1, kind: 'FILED', actor: 'cd-li', agencyId: A.chengdu, agency: { id: A.chengdu }, at: request.createdAt, note: null, readyPlants: null }]);
  });

  it('takes the requester from the token, and the originator defaults to it', async () => {
    const request = await fileOk(tokens.mianyang!, { originatorAgencyId: null, copiedAgencyIds: [], plantIds: ['fx-my-plant'] });
    expect(request.requesters).toEqual([{ id: A.mianyang }]);
    expect(request.originator).toEqual({ id: A.mianyang });
  });

  it('refuses bad input with BAD_USER_INPUT naming every field path, and writes nothing', async () => {
    const before = await snapshot(app.db);
    const body = await file(tokens.chengdu!, {
      addresseeAgencyId: 'agency-nowhere',
      copiedAgencyIds: [A.sichuan, 'agency-ghost'],
      targets: [
        { enterpriseId: 'fx-tj-supplier', componentId: 'fx-part' },
        { enterpriseId: 'fx-ghost', componentId: 'fx-nothing' },
      ],
      plantIds: ['fx-qy-plant-1', 'fx-phantom'],
    });
    expect(body.data).toBeNull();
    const error = body.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const paths = (error.extensions!.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(['input.addresseeAgencyId', 'input.copiedAgencyIds[1]', 'input.plantIds[1]', 'input.targets[1].componentId', 'input.targets[1].enterpriseId']);
    expect(error.message).toContain('input.targets[1].enterpriseId: no enterprise has id "fx-ghost"');
    expect(await snapshot(app.db)).toEqual(before);
  });

  it.each([
    ['no targets', { targets: [] }, 'input.targets'],
    ['a due date before today', { dueDate: '2020-02-09' }, 'input.dueDate'],
    ['a blank message', { message: '   ' }, 'input.message'],
    ['a message too long', { message: '长'.repeat(4001) }, 'input.message'],
    ['an idempotency key with spaces', { idempotencyKey: 'a b' }, 'input.idempotencyKey'],
  ])('refuses %s', async (_what, overrides, path) => {
    const before = await snapshot(app.db);
    const body = await file(tokens.chengdu!, overrides);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: path });
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('accepts a due date of today', async () => {
    const request = await fileOk(tokens.chengdu!, { dueDate: TODAY });
    expect(request.dueDate).toBe(TODAY);
  });

  it('joins the open request on the same target and addressee: new requester, plants and targets, a JOINED event', async () => {
    const first = await fileOk(tokens.chengdu!, { plantIds: ['fx-qy-plant-1'] });
    const body = await file(tokens.mianyang!, {
      copiedAgencyIds: [],
      originatorAgencyId: null,
      targets: [
        { enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' },
        { enterpriseId: 'fx-tj-supplier', componentId: 'fx-part' },
      ],
      plantIds: ['fx-my-plant'],
      message: '绵阳也在等这个零件',
    });
    expect(body.errors).toBeUndefined();
    const joined = body.data!.fileCoordinationRequest;
    expect(joined.joined).toBe(true);
    expect(joined.replayed).toBe(false);
    expect(joined.request.id).toBe(first.id);
    expect(joined.request.requesters).toEqual([{ id: A.chengdu }, { id: A.mianyang }]);
    expect(joined.request.originator).toEqual({ id: A.qingyang });
    expect(joined.request.plants.map((p) => p.id)).toEqual(['fx-my-plant', 'fx-qy-plant-1']);
    expect(joined.request.targets.map((t) => `${t.enterprise.id}/${t.component.id}`)).toEqual(['fx-tj-supplier/fx-part', 'fx-tj-valves/fx-valve']);
    expect(joined.request.events.map((e) => [e.seq, e.kind, e.agencyId, e.note])).toEqual([
      [1, 'FILED', A.chengdu, null],
      [2, 'JOINED', A.mianyang, '绵阳也在等这个零件'],
    ]);
    // The new target is now open on this request too: a third filing on it joins the same request.
    const third = await file(tokens.qingyang!, { targets: [{ enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' }], plantIds: ['fx-qy-plant-2'] });
    expect(third.data!.fileCoordinationRequest).toMatchObject({ joined: true, request: { id: first.id } });
  });

  it('does not join a request to another addressee, nor a closed one', async () => {
    const toTianjin = await fileOk(tokens.chengdu!);
    const toSichuan = await fileOk(tokens.chengdu!, { addresseeAgencyId: A.sichuan, copiedAgencyIds: [] });
    expect(toSichuan.id).not.toBe(toTianjin.id);
    await changeOk(tokens.chengdu!, 'withdraw', toTianjin.id);
    const again = await file(tokens.chengdu!);
    expect(again.data!.fileCoordinationRequest.joined).toBe(false);
    expect(again.data!.fileCoordinationRequest.request.id).not.toBe(toTianjin.id);
  });

  it('refuses a filing whose targets are open on two different requests, naming them', async () => {
    const one = await fileOk(tokens.chengdu!);
    const two = await fileOk(tokens.chengdu!, { targets: [{ enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' }] });
    const before = await snapshot(app.db);
    const body = await file(tokens.qingyang!, {
      targets: [
        { enterpriseId: 'fx-tj-supplier', componentId: 'fx-part' },
        { enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' },
      ],
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.targets' });
    expect(body.errors?.[0]?.message).toContain(one.id);
    expect(body.errors?.[0]?.message).toContain(two.id);
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('returns the first result for a reused idempotency key and changes nothing; scoped to the agency', async () => {
    const args = filing();
    const first = (await app.graphqlAs(tokens.chengdu!, FILE, args)) as FileBody;
    const before = await snapshot(app.db);
    const again = (await app.graphqlAs(tokens.chengdu!, FILE, args)) as FileBody;
    expect(again.errors).toBeUndefined();
    expect(again.data!.fileCoordinationRequest).toMatchObject({ replayed: true, joined: false, request: { id: first.data!.fileCoordinationRequest.request.id } });
    expect(await snapshot(app.db)).toEqual(before);
    // The same key from another agency is that agency's own key: it files (and here joins).
    const other = (await app.graphqlAs(tokens.qingyang!, FILE, args)) as FileBody;
    expect(other.data!.fileCoordinationRequest).toMatchObject({ replayed: false, joined: true });
  });

  it('refuses a reused idempotency key with a different filing (CONFLICT)', async () => {
    const args = filing();
    await app.graphqlAs(tokens.chengdu!, FILE, args);
    const body = (await app.graphqlAs(tokens.chengdu!, FILE, { input: { ...args.input, message: '另一件事' } })) as FileBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('status machine', () => {
  it('moves SUBMITTED → ACKNOWLEDGED → IN_PROGRESS → RESOLVED, one event each with actor, agency, time and note', async () => {
    const filed = await fileOk(tokens.chengdu!);
    await changeOk(tokens.tianjin!, 'acknowledge', filed.id, '已收到');
    await changeOk(tokens.tianjin2!, 'start', filed.id);
    const resolved = await changeOk(tokens.tianjin!, 'resolve', filed.id, '已复工');
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.open).toBe(false);
    expect(resolved.events.map((e) => [e.seq, e.kind, e.actor, e.agencyId, e.note])).toEqual([
      [1, 'FILED', 'cd-li', A.chengdu, null],
      [2, 'ACKNOWLEDGED', 'tj-zhao', A.tianjin, '已收到'],
      [3, 'STARTED', 'tj-sun', A.tianjin, null],
      [4, 'RESOLVED', 'tj-zhao', A.tianjin, '已复工'],
    ]);
    const times = resolved.events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(resolved.updatedAt).toBe(resolved.events.at(-1)!.at);
  });

  it('refuses any other move with INVALID_TRANSITION naming the status and what is allowed, and changes nothing', async () => {
    const filed = await fileOk(tokens.chengdu!);
    const before = await snapshot(app.db);
    const skip = await change(tokens.tianjin!, 'resolve', filed.id);
    expect(skip.data).toBeNull();
    expect(skip.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', status: 'SUBMITTED' });
    expect(skip.errors?.[0]?.message).toBe(`cannot resolve request ${filed.id}: it is SUBMITTED; from SUBMITTED only acknowledge (→ ACKNOWLEDGED), reject (→ REJECTED), withdraw (→ WITHDRAWN) is allowed`);
    expect(await snapshot(app.db)).toEqual(before);

    await changeOk(tokens.tianjin!, 'reject', filed.id, '供应商产能已转产防疫物资');
    const after = await snapshot(app.db);
    for (const what of ['acknowledge', 'start', 'resolve', 'reject'] as const) {
      const body = await change(tokens.tianjin!, what, filed.id, '再试');
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', status: 'REJECTED' });
      expect(body.errors?.[0]?.message).toContain('a final status');
    }
    const withdraw = await change(tokens.chengdu!, 'withdraw', filed.id);
    expect(withdraw.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(await snapshot(app.db)).toEqual(after);
  });

  it('requires a reason to reject and a note to comment', async () => {
    const filed = await fileOk(tokens.chengdu!);
    const reject = await change(tokens.tianjin!, 'reject', filed.id, '  ');
    expect(reject.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'reason' });
    const comment = await change(tokens.tianjin!, 'comment', filed.id, '');
    expect(comment.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'note' });
  });

  it('withdraws from any open status; comments in any status without changing it', async () => {
    const filed = await fileOk(tokens.chengdu!);
    await changeOk(tokens.tianjin!, 'acknowledge', filed.id);
    await changeOk(tokens.tianjin!, 'start', filed.id);
    const commented = await changeOk(tokens.sichuan!, 'comment', filed.id, '省厅关注');
    expect(commented.status).toBe('IN_PROGRESS');
    const withdrawn = await changeOk(tokens.chengdu!, 'withdraw', filed.id, '已找到替代供应商');
    expect(withdrawn.status).toBe('WITHDRAWN');
    const late = await changeOk(tokens.qingyang!, 'comment', filed.id, '谢谢');
    expect(late.events.map((e) => e.kind)).toEqual(['FILED', 'ACKNOWLEDGED', 'STARTED', 'COMMENTED', 'WITHDRAWN', 'COMMENTED']);
  });

  it('answers NOT_FOUND for an unknown request', async () => {
    const body = await change(tokens.tianjin!, 'acknowledge', 'CR-999999');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
  });
});

describe('reading requests', () => {
  type Page = { coordinationRequests: { totalCount: number; nodes: { id: string; overdue: boolean }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
  const LIST = `query($filter: CoordinationRequestFilter, $first: Int, $after: String) {
    coordinationRequests(filter: $filter, first: $first, after: $after) { totalCount nodes { id overdue } pageInfo { hasNextPage endCursor } }
  }`;

  it('filters by agency and role, status and overdue; pages in filing order with a total', async () => {
    await emptyGraph(app.db);
    await app.datasets.load(coordinationScenario());
    const a = await fileOk(tokens.chengdu!, { dueDate: TODAY });
    const b = await fileOk(tokens.chengdu!, { addresseeAgencyId: A.sichuan, copiedAgencyIds: [], targets: [{ enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' }] });
    const c = await fileOk(tokens.mianyang!, { addresseeAgencyId: A.qingyang, copiedAgencyIds: [], originatorAgencyId: null, dueDate: '2020-02-11' });
    await changeOk(tokens.qingyang!, 'reject', c.id, '不归我们管');
    const ids = async (filter: Record<string, unknown>, today?: string) => {
      const client = today ? await createTestApp({ today }) : app;
      try {
        const body = (await client.graphqlAs(tokens.qingyang!, LIST, { filter })) as GraphQLBody<Page>;
        expect(body.errors).toBeUndefined();
        expect(body.data!.coordinationRequests.totalCount).toBe(body.data!.coordinationRequests.nodes.length);
        return body.data!.coordinationRequests.nodes.map((n) => n.id);
      } finally {
        if (today) await client.close();
      }
    };
    expect([a.id, b.id, c.id]).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({})).toEqual([a.id, b.id, c.id]);
    expect(await ids({ agencyId: A.chengdu })).toEqual([a.id, b.id]);
    expect(await ids({ agencyId: A.chengdu, role: 'REQUESTER' })).toEqual([a.id, b.id]);
    expect(await ids({ agencyId: A.tianjin, role: 'ADDRESSEE' })).toEqual([a.id]);
    expect(await ids({ agencyId: A.sichuan, role: 'COPIED' })).toEqual([a.id]);
    expect(await ids({ agencyId: A.sichuan })).toEqual([a.id, b.id]);
    expect(await ids({ agencyId: A.qingyang, role: 'ORIGINATOR' })).toEqual([a.id, b.id]);
    expect(await ids({ agencyId: A.qingyang })).toEqual([a.id, b.id, c.id]);
    expect(await ids({ status: 'REJECTED' })).toEqual([c.id]);
    expect(await ids({ overdue: true })).toEqual([]);
    // Two days on, `a` (due today) is overdue; the rejected `c` never is.
    expect(await ids({ overdue: true }, '2020-02-12')).toEqual([a.id]);
    expect(await ids({ overdue: false }, '2020-02-12')).toEqual([b.id, c.id]);

    const first = (await app.graphql(LIST, { first: 2 })) as GraphQLBody<Page>;
    expect(first.data!.coordinationRequests).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const next = (await app.graphql(LIST, { first: 2, after: first.data!.coordinationRequests.pageInfo.endCursor })) as GraphQLBody<Page>;
    expect(next.data!.coordinationRequests.nodes.map((n) => n.id)).toEqual([c.id]);
    expect(next.data!.coordinationRequests.pageInfo.hasNextPage).toBe(false);

    const bad = await app.graphql(LIST, { filter: { role: 'ADDRESSEE' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.role' });
    const one = await app.graphqlAs(await as(A.mianyang, 'VIEWER'), `query($id: ID!) { coordinationRequest(id: $id) { id status } nope: coordinationRequest(id: "CR-999999") { id } }`, { id: c.id });
    expect(one.data).toEqual({ coordinationRequest: { id: c.id, status: 'REJECTED' }, nope: null });
  });
});

describe('concurrency against the real Neo4j', () => {
  const ROUNDS = 5;

  async function openRequestsOn(enterpriseId: string): Promise<string[]> {
    const result = await app.db.query<{ id: string }>(
      { operation: 'test.open' },
      `MATCH (:Enterprise {id: $enterpriseId})<-[:TARGETS]-(r:CoordinationRequest) WHERE r.status IN ['SUBMITTED', 'ACKNOWLEDGED', 'IN_PROGRESS'] RETURN DISTINCT r.id AS id`,
      { enterpriseId },
    );
    return result.records.map((r) => r.get('id'));
  }

  it('the store itself refuses a second open request on a target, a second open-target node, a reused key or event number', async () => {
    const filed = await fileOk(tokens.chengdu!);
    const other = await fileOk(tokens.chengdu!, { addresseeAgencyId: A.sichuan, copiedAgencyIds: [] });
    const key = `${A.tianjin}|fx-tj-supplier|fx-part`;
    const attempts = [
      [`MATCH (o:OpenTarget {key: $key}), (r:CoordinationRequest {id: $other}) CREATE (o)-[:OPEN_FOR {key: $key}]->(r)`, { key, other: other.id }],
      ['CREATE (:OpenTarget {key: $key})', { key }],
      ['MATCH (k:IdempotencyKey) WITH k LIMIT 1 CREATE (:IdempotencyKey {key: k.key})', {}],
      ['CREATE (:RequestEvent {requestId: $id, seq: 1})', { id: filed.id }],
    ] as const;
    for (const [cypher, params] of attempts) {
      await expect(app.db.query({ operation: 'test.duplicate' }, cypher, params, 'WRITE')).rejects.toMatchObject({ name: 'ConstraintValidationError' });
    }
  });

  it('two coordinators filing the same target at the same moment get one request', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await closeAll();
      const bodies = await Promise.all([tokens.chengdu!, tokens.qingyang!, tokens.mianyang!].map((t) => file(t)));
      for (const body of bodies) expect(body.errors).toBeUndefined();
      const results = bodies.map((b) => b.data!.fileCoordinationRequest);
      expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
      expect(results.filter((r) => !r.joined)).toHaveLength(1);
      expect(await openRequestsOn('fx-tj-supplier')).toEqual([results[0]!.request.id]);
      const final = (await app.graphql<{ coordinationRequest: RequestView }>(`query($id: ID!) { coordinationRequest(id: $id) { requesters { id } events { seq kind } } }`, { id: results[0]!.request.id })).data!.coordinationRequest;
      expect(final!.requesters.map((r) => r.id).sort()).toEqual([A.chengdu, A.mianyang, A.qingyang]);
      expect(final!.events.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(final!.events.map((e) => e.kind).sort()).toEqual(['FILED', 'JOINED', 'JOINED']);
    }
  });

  it('the same idempotency key filed at once several times makes one request and one event', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await closeAll();
      const args = filing();
      const bodies = (await Promise.all(Array.from({ length: 4 }, () => app.graphqlAs(tokens.chengdu!, FILE, args)))) as FileBody[];
      for (const body of bodies) expect(body.errors).toBeUndefined();
      const results = bodies.map((b) => b.data!.fileCoordinationRequest);
      expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      const events = await app.db.query<{ n: number }>({ operation: 'test.events' }, 'MATCH (:CoordinationRequest {id: $id})-[:HAS_EVENT]->(e) RETURN count(e) AS n', { id: results[0]!.request.id });
      expect(events.records[0]!.get('n')).toBe(1);
    }
  });

  it('resolve and withdraw at once: one wins, the other is refused, nothing is lost', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const filed = await fileOk(tokens.chengdu!);
      await changeOk(tokens.tianjin!, 'acknowledge', filed.id);
      await changeOk(tokens.tianjin!, 'start', filed.id);
      const [resolve, withdraw] = await Promise.all([change(tokens.tianjin!, 'resolve', filed.id, 'done'), change(tokens.chengdu!, 'withdraw', filed.id, 'never mind')]);
      const outcomes = [resolve, withdraw].map((b) => (b.errors ? String(b.errors[0]!.extensions!.code) : 'OK'));
      expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
      expect(outcomes.find((o) => o !== 'OK')).toMatch(/^(INVALID_TRANSITION|CONFLICT)$/);
      const winner = resolve.errors ? 'WITHDRAWN' : 'RESOLVED';
      const final = (await app.graphql<{ coordinationRequest: RequestView }>(`query($id: ID!) { coordinationRequest(id: $id) { status events { seq kind } } }`, { id: filed.id })).data!.coordinationRequest;
      expect(final.status).toBe(winner);
      expect(final.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(final.events.at(-1)!.kind).toBe(winner);
      expect(await openRequestsOn('fx-tj-supplier')).toEqual([]);
    }
  });

  it('comments at once all land, with distinct consecutive sequence numbers', async () => {
    const filed = await fileOk(tokens.chengdu!);
    const writers = [tokens.chengdu!, tokens.tianjin!, tokens.sichuan!, tokens.qingyang!, tokens.tianjin2!];
    const bodies = await Promise.all(writers.flatMap((t, i) => [change(t, 'comment', filed.id, `c${i}a`), change(t, 'comment', filed.id, `c${i}b`)]));
    for (const body of bodies) expect(body.errors).toBeUndefined();
    const final = (await app.graphql<{ coordinationRequest: RequestView }>(`query($id: ID!) { coordinationRequest(id: $id) { events { seq note } } }`, { id: filed.id })).data!.coordinationRequest;
    expect(final.events.map((e) => e.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(final.events.slice(1).map((e) => e.note).sort()).toEqual(writers.flatMap((_, i) => [`c${i}a`, `c${i}b`]).sort());
  });

  it('a filing racing a withdrawal either joins before it or opens a new request after it; never two open', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await closeAll();
      const filed = await fileOk(tokens.chengdu!);
      const [joiner, withdraw] = await Promise.all([file(tokens.qingyang!), change(tokens.chengdu!, 'withdraw', filed.id)]);
      expect(joiner.errors).toBeUndefined();
      expect(withdraw.errors).toBeUndefined();
      const open = await openRequestsOn('fx-tj-supplier');
      const result = joiner.data!.fileCoordinationRequest;
      if (result.joined) expect(open).toEqual([]);
      else expect(open).toEqual([result.request.id]);
    }
  });
});

describe('closing the loop: the hooks a status change calls in its own transaction', () => {
  it('finds the open requests on a target and appends TARGET_RESUMED with the ready plants, without changing the status', async () => {
    const open = await fileOk(tokens.chengdu!);
    const other = await fileOk(tokens.chengdu!, { targets: [{ enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' }], plantIds: ['fx-qy-plant-2'] });
    const closed = await fileOk(tokens.chengdu!, { addresseeAgencyId: A.sichuan, copiedAgencyIds: [] });
    await changeOk(tokens.sichuan!, 'reject', closed.id, 'no');
    const at = '2020-02-10T08:00:00.000Z';
    const heard: string[] = [];
    const listening = (async () => {
      for await (const notice of app.requestEvents.subscribe(A.qingyang)) {
        heard.push(`${notice.request.id} ${notice.event.kind}`);
        if (notice.event.kind === 'TARGET_RESUMED') break;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const notices = await app.db.write({ operation: 'test.resume' }, async (tx) => {
      const requests = await openRequestsOnTarget(tx, 'fx-tj-supplier');
      expect(requests).toEqual([{ id: open.id, plantIds: ['fx-qy-plant-1', 'fx-qy-plant-2'] }]);
      return Promise.all(
        requests.map((r) => appendTargetResumed(tx, { requestId: r.id, actor: { userId: 'tj-zhao', agencyId: A.tianjin }, at, readyPlantIds: ['fx-qy-plant-1'], note: '滨海精密零件厂已复工' })),
      );
    });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.event).toEqual({ requestId: open.id, seq: 2, kind: 'TARGET_RESUMED', actor: 'tj-zhao', agencyId: A.tianjin, at, note: '滨海精密零件厂已复工', readyPlantIds: ['fx-qy-plant-1'] });
    expect(notices[0]!.request.status).toBe('SUBMITTED');
    expect(await app.db.read({ operation: 'test.open' }, (tx) => openRequestsOnTarget(tx, 'fx-tj-valves'))).toEqual([{ id: other.id, plantIds: ['fx-qy-plant-2'] }]);

    // Nothing is published until the caller does so after its commit.
    expect(heard).toEqual([]);
    for (const notice of notices) app.requestEvents.publish(notice);
    await listening;
    expect(heard).toEqual([`${open.id} TARGET_RESUMED`]);

    const read = (await app.graphql<{ coordinationRequest: RequestView }>(`query($id: ID!) { coordinationRequest(id: $id) { status events { kind readyPlants { id } note } } }`, { id: open.id })).data!.coordinationRequest;
    expect(read.status).toBe('SUBMITTED');
    expect(read.events.at(-1)).toEqual({ kind: 'TARGET_RESUMED', readyPlants: [{ id: 'fx-qy-plant-1' }], note: '滨海精密零件厂已复工' });
  });
});
