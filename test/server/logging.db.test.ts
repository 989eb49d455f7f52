/**
 * What is logged, and what never is: bearer tokens and the Neo4j password
 * appear in no log line, at any level, whatever the request did.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mintToken } from '../../src/modules/identity/tokens.ts';
import { createTestApp, emptyGraph, tokenFor, type TestApp } from '../support/graph.ts';
import { dataset } from '../support/fixtures.ts';

let app: TestApp;
const output: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      output.push(chunk.toString());
      done();
    },
  });
  app = await createTestApp({ log: pino({ level: 'trace' }, sink) });
  await emptyGraph(app.db);
  await app.datasets.load(dataset({ enterprises: [{ id: 'fx-a', name: '甲厂', region: '510105', status: 'SUSPENDED' }] }));
});
afterAll(() => app.close());

describe('logs', () => {
  it('never hold a bearer token or the Neo4j password', async () => {
    const password = inject('neo4j').password;
    expect(password.length).toBeGreaterThan(0);
    const coordinator = await tokenFor({ agency: 'agency-qingyang', role: 'COORDINATOR', user: 'qy-wang' });
    const forged = await mintToken({ secret: 'another-secret-of-at-least-32-characters' }, { sub: 'x', agency: 'agency-qingyang', role: 'ADMIN' }, 600);
    const stranger = await tokenFor({ agency: 'agency-nowhere', role: 'ADMIN' });
    const operations: [string | null, string, Record<string, unknown>?][] = [
      [coordinator, 'query Who { me { id agency { name } } }'],
      [coordinator, 'mutation Resume { setEnterpriseStatus(enterpriseId: "fx-a", status: OPERATING) { status } }'],
      [coordinator, 'query Missing($id: ID!) { enterprise(id: $id) { id } }'],
      [coordinator, '{ enterprise(id: "fx-a") { nam } }'],
      [coordinator, '{ enterprise(id: '],
      [forged, '{ me { id } }'],
      [stranger, '{ me { id } }'],
      [`${coordinator}x`, '{ me { id } }'],
      [null, '{ me { id } }'],
    ];
    for (const [token, query, variables] of operations) await app.post(token, query, variables);
    const logged = output.join('');
    expect(logged).toContain('graphql operation');
    expect(logged).toContain('"operationName":"Resume"');
    for (const secret of [coordinator, forged, stranger, password]) expect(logged).not.toContain(secret);
    // Not even the signature part alone.
    for (const token of [coordinator, forged, stranger]) expect(logged).not.toContain(token.split('.')[2]);
  });
});
