/**
 * Identity over HTTP: no token, no data; health, readiness and the GraphiQL
 * page stay open; `me` names the caller from the token and the graph.
 */
import jsonwebtoken from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../src/modules/identity/tokens.ts';
import { createTestApp, emptyGraph, TEST_JWT_SECRET, tokenFor, type GraphQLBody, type TestApp } from '../support/graph.ts';
import { dataset } from '../support/fixtures.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  await emptyGraph(app.db);
  await app.datasets.load(dataset({ enterprises: [{ id: 'fx-a', name: '甲厂', region: '510105', status: 'OPERATING' }] }));
  await app.db.query(
    { operation: 'test.users' },
    `MATCH (a:Agency {id: 'agency-qingyang'}) MERGE (u:User {id: 'qy-wang'}) SET u.name = '王科长', u.role = 'COORDINATOR' MERGE (u)-[:MEMBER_OF]->(a)`,
    {},
    'WRITE',
  );
});

afterAll(() => app.close());

describe('authentication', () => {
  const QUERY = '{ enterprise(id: "fx-a") { id name } }';

  async function refused(response: Response): Promise<GraphQLBody<unknown>> {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await response.json()) as GraphQLBody<unknown>;
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain('甲厂');
    return body;
  }

  it('refuses a request without a token with 401, UNAUTHENTICATED, no data, and says how to get one', async () => {
    const body = await refused(await app.post(null, QUERY));
    expect(body.errors?.[0]?.message).toMatch(/Authorization: Bearer/);
  });

  it('refuses tokens that are malformed, signed with another secret, expired, or of another scheme', async () => {
    const claims = { sub: 'u', agency: 'agency-qingyang', role: 'ADMIN' as const };
    const other = await mintToken({ secret: 'another-secret-of-at-least-32-characters' }, claims, 3600);
    const expired = await mintToken({ secret: TEST_JWT_SECRET }, claims, 60, new Date(Date.now() - 3600_000));
    const none = jsonwebtoken.sign(claims, '', { algorithm: 'none' });
    for (const token of ['not-a-jwt', other, expired, none]) {
      const body = await refused(await app.post(token, QUERY));
      expect(body.errors?.[0]?.message).toBe('the bearer token is invalid or expired');
    }
    await refused(await app.post(null, QUERY, {}, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }));
  });

  it('refuses a verified token whose claims do not name a user, agency and role', async () => {
    const token = jsonwebtoken.sign({ sub: 'u', agency: 'agency-qingyang', role: 'SUPERUSER' }, TEST_JWT_SECRET, { expiresIn: 60 });
    const body = await refused(await app.post(token, QUERY));
    expect(body.errors?.[0]?.message).toContain('role:');
  });

  it('refuses unauthenticated subscriptions before any stream opens', async () => {
    const response = await app.yoga.fetch('http://fugong.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { requestEvents(agencyId: "agency-qingyang") { event { kind } } }' }),
    });
    expect(response.status).toBe(401);
  });

  it('keeps /health, /ready and the GraphiQL page open', async () => {
    expect((await app.yoga.fetch('http://fugong.test/health')).status).toBe(200);
    expect((await app.yoga.fetch('http://fugong.test/ready')).status).toBe(200);
    const page = await app.yoga.fetch('http://fugong.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Fugong');
  });

  it('serves any authenticated role', async () => {
    for (const role of ['VIEWER', 'COORDINATOR', 'ADMIN'] as const) {
      const body = await app.graphqlAs(await tokenFor({ agency: 'agency-tianjin', role }), QUERY);
      expect(body).toEqual({ data: { enterprise: { id: 'fx-a', name: '甲厂' } } });
    }
  });
});

describe('me', () => {
  const ME = '{ me { id role agencyId agency { id name } user { id name role agency { id } } } }';

  it('names the registered user and the agency', async () => {
    const body = await app.graphqlAs(await tokenFor({ agency: 'agency-qingyang', role: 'COORDINATOR', user: 'qy-wang' }), ME);
    expect(body.data).toEqual({
      me: {
        id: 'qy-wang',
        role: 'COORDINATOR',
        agencyId: 'agency-qingyang',
        agency: { id: 'agency-qingyang', name: '青羊区新经济和科技局' },
        user: { id: 'qy-wang', name: '王科长', role: 'COORDINATOR', agency: { id: 'agency-qingyang' } },
      },
    });
  });

  it('answers from the token alone for a user or agency the graph does not hold', async () => {
    const body = await app.graphqlAs(await tokenFor({ agency: 'agency-ops', role: 'ADMIN', user: 'ops-1' }), ME);
    expect(body.data).toEqual({ me: { id: 'ops-1', role: 'ADMIN', agencyId: 'agency-ops', agency: null, user: null } });
  });
});
