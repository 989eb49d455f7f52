/**
 * Two API processes over one Neo4j, their live inboxes joined through a
 * redis-server (REDIS_URL), as a deployment runs several replicas behind
 * one address: an event filed through one reaches a subscriber on the
 * other, a write through one is seen by the next read through the other,
 * and killing one loses nothing it acknowledged.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/neo4j/database.ts';
import { createServices } from '../../src/modules/services.ts';
import { A, as, coordinationScenario, FILE, filing, type RequestView } from '../support/coordination.ts';
import { connectTestDatabase, emptyGraph } from '../support/graph.ts';
import { freePort } from '../../src/neo4j/embedded/runtime.ts';
import { post, printed, sample, scrape, spawnReplica, startRedis, startReplica, stopAll, subscribe, type Started } from '../support/processes.ts';

type Replica = Started & { url: string };

const INBOX = `subscription Inbox($agencyId: ID!) {
  requestEvents(agencyId: $agencyId) { request { id status } event { seq kind actor agencyId } }
}`;
type InboxNotice = { requestEvents: { request: { id: string; status: string }; event: { seq: number; kind: string; actor: string; agencyId: string } } };
type Filed = { fileCoordinationRequest: { joined: boolean; replayed: boolean; request: RequestView } };

/** The replicas run on the clock: a due date ahead of any today. */
const DUE = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

let db: Database;
let redis: Started & { url: string };
let probe: Redis;
let one: Replica;
let other: Replica;

beforeAll(async () => {
  db = connectTestDatabase();
  const services = await createServices(db);
  await emptyGraph(db);
  expect((await services.datasets.load(coordinationScenario())).problems).toEqual([]);
  redis = await startRedis();
  probe = new Redis(redis.url);
  [one, other] = await Promise.all([startReplica({ REDIS_URL: redis.url }), startReplica({ REDIS_URL: redis.url })]);
  for (const replica of [one, other]) {
    expect(replica.output()).toContain('live inbox events go through Redis');
    await printed(replica, 'analysis read model built');
  }
});

afterAll(async () => {
  probe?.disconnect();
  await stopAll();
  await db?.close();
});

/** Until the replica holds `count` inbox streams and Redis has its subscription to the agency's topic. */
async function listening(replica: Replica, agencyId: string, count: number): Promise<void> {
  await expect.poll(async () => sample(await scrape(replica.url), 'fugong_sse_subscribers', { inbox: 'requestEvents' }), { timeout: 10_000 }).toBe(count);
  await expect.poll(async () => ((await probe.call('PUBSUB', 'NUMSUB', `requestEvent:${agencyId}`)) as [string, number])[1], { timeout: 10_000 }).toBe(1);
}

describe('two replicas over one Neo4j and one Redis', () => {
  it('delivers an event filed through one replica to an inbox open on the other, and shows the request there at once', async () => {
    const inbox = await subscribe<InboxNotice>(other.url, await as(A.tianjin, 'VIEWER'), INBOX, { agencyId: A.tianjin });
    try {
      expect(inbox.status).toBe(200);
      await listening(other, A.tianjin, 1);

      const filed = await post<Filed>(one.url, await as(A.chengdu, 'COORDINATOR', 'cd-li'), FILE, filing({ dueDate: DUE }));
      expect(filed.body.errors).toBeUndefined();
      const id = filed.body.data!.fileCoordinationRequest.request.id;

      await inbox.received(1);
      expect(inbox.messages.map((m) => [m.data!.requestEvents.request.id, m.data!.requestEvents.event.kind, m.data!.requestEvents.event.actor])).toEqual([[id, 'FILED', 'cd-li']]);

      const read = await post<{ coordinationRequest: { id: string; status: string; events: { kind: string }[] } | null }>(
        other.url,
        await as(A.tianjin, 'VIEWER'),
        'query($id: ID!) { coordinationRequest(id: $id) { id status events { kind } } }',
        { id },
      );
      expect(read.body.data!.coordinationRequest).toEqual({ id, status: 'SUBMITTED', events: [{ kind: 'FILED' }] });
    } finally {
      inbox.close();
    }
    // The closed stream is let go of on its replica and in Redis.
    await expect.poll(async () => sample(await scrape(other.url), 'fugong_sse_subscribers', { inbox: 'requestEvents' }), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => ((await probe.call('PUBSUB', 'NUMSUB', `requestEvent:${A.tianjin}`)) as [string, number])[1], { timeout: 10_000 }).toBe(0);
  });

  it("answers the next readiness question through one replica with the status change written through the other", async () => {
    const READINESS = '{ restartReadiness(enterpriseId: "fx-qy-plant-1", asOf: "2020-02-10") { ready rootCauses { enterprise { id status } } } }';
    type Readiness = { restartReadiness: { ready: boolean; rootCauses: { enterprise: { id: string; status: string } }[] } };
    const viewer = await as(A.qingyang, 'VIEWER');
    const before = await post<Readiness>(other.url, viewer, READINESS);
    expect(before.body.data!.restartReadiness).toEqual({ ready: false, rootCauses: [{ enterprise: { id: 'fx-tj-supplier', status: 'SUSPENDED' } }] });
    const fromModel = sample(await scrape(other.url), 'fugong_analysis_answers_total', { source: 'read_model' })!;

    const changed = await post<{ setEnterpriseStatus: { status: string } }>(
      one.url,
      await as(A.tianjin, 'COORDINATOR'),
      'mutation { setEnterpriseStatus(enterpriseId: "fx-tj-supplier", status: OPERATING) { status } }',
    );
    expect(changed.body.errors).toBeUndefined();

    const after = await post<Readiness>(other.url, viewer, READINESS);
    expect(after.body.data!.restartReadiness).toEqual({ ready: true, rootCauses: [] });
    // Answered from the other replica's read model, brought current by its freshness check, not by a detour to Neo4j.
    expect(sample(await scrape(other.url), 'fugong_analysis_answers_total', { source: 'read_model' })).toBe(fromModel + 1);
  });

  it('loses nothing a replica acknowledged when it is killed mid-stream', async () => {
    const coordinator = await as(A.chengdu, 'COORDINATOR', 'cd-wang');
    const filed = await post<Filed>(
      one.url,
      coordinator,
      FILE,
      filing({ dueDate: DUE, targets: [{ enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' }], plantIds: ['fx-qy-plant-2'] }),
    );
    expect(filed.body.errors).toBeUndefined();
    const id = filed.body.data!.fileCoordinationRequest.request.id;

    const acknowledged: string[] = [];
    const COMMENT = 'mutation($id: ID!, $note: String!) { commentOnRequest(id: $id, note: $note) { id } }';
    // Four writers comment through the first replica until it dies; each records only what was answered.
    const writers = [0, 1, 2, 3].map(async (lane) => {
      for (let n = 0; ; n++) {
        const note = `lane ${lane} comment ${n}`;
        try {
          const answer = await post<{ commentOnRequest: { id: string } }>(one.url, coordinator, COMMENT, { id, note });
          if (answer.body.data?.commentOnRequest.id === id) acknowledged.push(note);
        } catch {
          return; // the connection died with the replica
        }
      }
    });
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(12);
    one.child.kill('SIGKILL');
    await Promise.all(writers);
    await one.exited;

    const read = await post<{ coordinationRequest: { events: { kind: string; note: string | null }[] } }>(
      other.url,
      coordinator,
      'query($id: ID!) { coordinationRequest(id: $id) { events { kind note } } }',
      { id },
    );
    const notes = read.body.data!.coordinationRequest.events.filter((e) => e.kind === 'COMMENTED').map((e) => e.note!);
    for (const note of acknowledged) expect(notes.filter((n) => n === note)).toHaveLength(1);
    // The survivor goes on serving writes.
    const more = await post<{ commentOnRequest: { id: string } }>(other.url, coordinator, COMMENT, { id, note: 'after the kill' });
    expect(more.body.errors).toBeUndefined();
  });

  it('refuses to start when REDIS_URL does not answer, naming it, and never prints its password', async () => {
    const nobody = await freePort();
    const deaf = await spawnReplica({ REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${nobody}` });
    expect(await deaf.exited).toBe(1);
    expect(deaf.output()).toContain('fugong: REDIS_URL does not answer (connect ECONNREFUSED');
    expect(deaf.output()).not.toContain('s3cret-pass');
  });
});
