/**
 * GraphQL over HTTP: the `graphql-http` audit suite against the service's
 * HTTP handler, with a bearer token on every request (no token, no data). Every
 * MUST passes, and so does every SHOULD and MAY the suite checks (README,
 * "Security").
 */
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, emptyGraph, TEST_ADMIN, tokenFor, type TestApp } from '../support/graph.ts';

/** The recommendations (SHOULD, MAY) not followed, by audit id: none, as the README says. */
const SHOULDS_NOT_MET: Record<string, string> = {};

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await createTestApp();
  await emptyGraph(app.db);
  token = await tokenFor(TEST_ADMIN);
});
afterAll(() => app.close());

describe('graphql-http audits', () => {
  it('passes every MUST, and every SHOULD but those listed', async () => {
    const results = await auditServer({
      url: 'http://fugong.test/graphql',
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${token}`);
        return app.yoga.fetch(input as string, { ...init, headers });
      },
    });
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(Object.fromEntries(results.filter((r) => r.status === 'warn').map((r) => [r.id, r.name]))).toEqual(SHOULDS_NOT_MET);
  });
});
