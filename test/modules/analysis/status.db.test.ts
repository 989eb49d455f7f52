/**
 * Status writes under concurrency and at their edges: identical concurrent
 * calls record one change, the history is in time order, an unknown
 * enterprise is NOT_FOUND before any permission is judged, and every change
 * names the agency its token acted for, an operator agency included.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, emptyGraph, TEST_ADMIN, tokenFor, type TestApp } from '../../support/graph.ts';
import { A, fanIn } from '../../support/fixtures.ts';

let app: TestApp;

const SET = `mutation($id: ID!, $s: EnterpriseStatus!, $d: Date) {
  setEnterpriseStatus(enterpriseId: $id, status: $s, expectedResumeDate: $d) { previousStatus status changedBy changedByAgencyId changedByAgency { id } changedAt }
}`;
const HISTORY = `query($id: ID!) { statusHistory(enterpriseId: $id) { previousStatus status changedAt changedBy changedByAgencyId } }`;

type Change = { previousStatus: string; status: string; changedBy: string | null; changedByAgencyId: string | null; changedByAgency: { id: string } | null; changedAt: string };
type HistoryEntry = Omit<Change, 'changedByAgency'>;

async function history(id: string): Promise<HistoryEntry[]> {
  const body = await app.graphql<{ statusHistory: HistoryEntry[] }>(HISTORY, { id });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.statusHistory;
}

async function storedAble0(): Promise<Set<string>> {
  const result = await app.db.query<{ id: string }>({ operation: 'test' }, 'MATCH (e:Enterprise) WHERE e.able0 RETURN e.id AS id');
  return new Set(result.records.map((r) => r.get('id')));
}

async function changeRecords(id: string): Promise<number> {
  const result = await app.db.query<{ n: number }>({ operation: 'test' }, 'MATCH (c:StatusChange)-[:OF]->(:Enterprise {id: $id}) RETURN count(c) AS n', { id });
  return Number(result.records[0]!.get('n'));
}

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());
beforeEach(async () => {
  await emptyGraph(app.db);
  expect((await app.datasets.load(fanIn(3))).loaded).toBe(true);
});

describe('concurrent identical status changes', () => {
  it('20 identical calls at once record exactly one change, and every caller is answered with it', async () => {
    const bodies = await Promise.all(Array.from({ length: 20 }, () => app.graphql<{ setEnterpriseStatus: Change }>(SET, { id: 'fx-tj-supplier', s: 'OPERATING' })));
    for (const body of bodies) expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(await changeRecords('fx-tj-supplier')).toBe(1);
    const [only] = await history('fx-tj-supplier');
    expect(only).toMatchObject({ previousStatus: 'SUSPENDED', status: 'OPERATING' });
    // Whoever lost the race is told what the status is now, by the one change that made it so.
    for (const body of bodies) expect(body.data!.setEnterpriseStatus).toMatchObject({ status: 'OPERATING', previousStatus: 'SUSPENDED', changedAt: only!.changedAt });
    // The consequence is right: with their supplier running, every plant can run again.
    expect(await storedAble0()).toEqual(new Set(fanIn(3).enterprises.map((e) => e.id)));
  });

  it('concurrent calls alternating between two statuses record a history whose every step starts where the one before ended', async () => {
    const statuses = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'OPERATING' : 'CLOSED'));
    const bodies = await Promise.all(statuses.map((s) => app.graphql<{ setEnterpriseStatus: Change }>(SET, { id: 'fx-jj-supplier', s })));
    for (const body of bodies) expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const steps = (await history('fx-jj-supplier')).reverse();
    expect(steps.length).toBe(await changeRecords('fx-jj-supplier'));
    expect(steps[0]!.previousStatus).toBe('OPERATING');
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.previousStatus).toBe(steps[i - 1]!.status);
    for (const step of steps) expect(step.previousStatus).not.toBe(step.status);
  });
});

describe('statusHistory', () => {
  it('is newest first by the time of each change', async () => {
    const sequence = ['OPERATING', 'CLOSED', 'SUSPENDED', 'OPERATING', 'CLOSED', 'OPERATING'];
    for (const s of sequence) expect((await app.graphql(SET, { id: 'fx-tj-supplier', s })).errors).toBeUndefined();
    const entries = await history('fx-tj-supplier');
    expect(entries.map((e) => e.status)).toEqual([...sequence].reverse());
    const times = entries.map((e) => Date.parse(e.changedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('setEnterpriseStatus on an unknown enterprise', () => {
  it.each([
    ['a COORDINATOR of a district', { agency: A.qingyang, role: 'COORDINATOR' as const }],
    ['a VIEWER', { agency: A.qingyang, role: 'VIEWER' as const }],
    ['an ADMIN', TEST_ADMIN],
  ])('is NOT_FOUND naming enterpriseId for %s, never FORBIDDEN, and writes nothing', async (_who, who) => {
    const body = await app.graphqlAs(await tokenFor(who), SET, { id: 'fx-no-such-firm', s: 'CLOSED' });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'enterpriseId' });
    expect(body.errors?.[0]?.message).toContain('fx-no-such-firm');
    const count = await app.db.query<{ n: number }>({ operation: 'test' }, 'MATCH (c:StatusChange) RETURN count(c) AS n');
    expect(Number(count.records[0]!.get('n'))).toBe(0);
  });

  it('a known enterprise the caller may not change is still FORBIDDEN', async () => {
    const body = await app.graphqlAs(await tokenFor({ agency: A.qingyang, role: 'COORDINATOR' }), SET, { id: 'fx-tj-supplier', s: 'CLOSED' });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('who a change is recorded for', () => {
  it('an operator agency the graph does not hold is recorded and answered by its id', async () => {
    const ops = await tokenFor({ agency: 'agency-ops', role: 'ADMIN', user: 'ops-li' });
    const body = await app.graphqlAs<{ setEnterpriseStatus: Change }>(ops, SET, { id: 'fx-tj-supplier', s: 'OPERATING' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.setEnterpriseStatus).toMatchObject({ changedBy: 'ops-li', changedByAgencyId: 'agency-ops', changedByAgency: null });
    const stored = await app.db.query<{ agency: string | null; user: string | null }>(
      { operation: 'test' },
      'MATCH (c:StatusChange)-[:OF]->(:Enterprise {id: "fx-tj-supplier"}) RETURN c.changedByAgencyId AS agency, c.changedBy AS user',
    );
    expect(stored.records.map((r) => r.toObject())).toEqual([{ agency: 'agency-ops', user: 'ops-li' }]);
    expect((await history('fx-tj-supplier'))[0]).toMatchObject({ changedByAgencyId: 'agency-ops', changedBy: 'ops-li' });
  });

  it('an agency the graph holds is recorded by id and resolved', async () => {
    const tianjin = await tokenFor({ agency: A.tianjin, role: 'COORDINATOR', user: 'tj-zhao' });
    const body = await app.graphqlAs<{ setEnterpriseStatus: Change }>(tianjin, SET, { id: 'fx-tj-supplier', s: 'OPERATING' });
    expect(body.data!.setEnterpriseStatus).toMatchObject({ changedBy: 'tj-zhao', changedByAgencyId: A.tianjin, changedByAgency: { id: A.tianjin } });
  });
});
