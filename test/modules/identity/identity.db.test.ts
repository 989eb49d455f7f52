/**
 * Identity over HTTP: no token, no data; health, readiness and the GraphiQL
 * page stay open; `me` names the caller from the token and the graph.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../../src/modules/identity/tokens.ts';
import { createTestApp, emptyGraph, TEST_JWT_SECRET, tokenFor, type GraphQLBody, type TestApp } from '../../support/graph.ts';
import { dataset } from '../../support/fixtures.ts';

let app: TestApp;
const fixture = () => dataset({ enterprises: [{ id: 'fx-a', name: '甲厂', region: '510105', status: 'OPERATING' }] });

beforeAll(async () => {
  app = await createTestApp();
  await emptyGraph(app.db);
  const outcome = await app.datasets.load({ ...fixture(), users: [{ id: 'qy-wang', name: '王科长', agency: 'agency-qingyang', role: 'COORDINATOR' }] });
  expect(outcome.problems).toEqual([]);
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

  it('follows the dataset: a reload moves a user to another agency and changes the role', async () => {
    const me = async () => (await app.graphqlAs(await tokenFor({ agency: 'agency-chengdu', role: 'VIEWER', user: 'qy-wang' }), ME)).data;
    expect((await app.datasets.load({ ...fixture(), users: [{ id: 'qy-wang', name: '王科长', agency: 'agency-chengdu', role: 'VIEWER' }] })).loaded).toBe(true);
    expect(await me()).toMatchObject({ me: { user: { role: 'VIEWER', agency: { id: 'agency-chengdu' } } } });
    const memberships = await app.db.query<{ n: number }>({ operation: 'test.members' }, "MATCH (:User {id: 'qy-wang'})-[m:MEMBER_OF]->() RETURN count(m) AS n");
    expect(memberships.records[0]?.get('n')).toBe(1);
    await app.datasets.load({ ...fixture(), users: [{ id: 'qy-wang', name: '王科长', agency: 'agency-qingyang', role: 'COORDINATOR' }] });
  });

  it('answers from the token alone for a user or agency the graph does not hold', async () => {
    const body = await app.graphqlAs(await tokenFor({ agency: 'agency-ops', role: 'ADMIN', user: 'ops-1' }), ME);
    expect(body.data).toEqual({ me: { id: 'ops-1', role: 'ADMIN', agencyId: 'agency-ops', agency: null, user: null } });
  });
});

describe('tokens from an identity provider (JWT_JWKS_URL)', () => {
  it('accepts RS256 tokens whose key the JWKS publishes, with the configured issuer and audience, and nothing else', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    const jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    const provider = await createTestApp({ config: { JWT_SECRET: '', JWT_JWKS_URL: url, JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'fugong' } });
    try {
      const sign = (claims: Record<string, unknown>, kid = 'key-1') =>
        new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setSubject('idp-user').setIssuedAt().setExpirationTime('5m').sign(privateKey);
      const good = await sign({ agency: 'agency-qingyang', role: 'VIEWER', iss: 'https://id.example', aud: 'fugong' });
      expect((await provider.graphqlAs(good, '{ me { id agencyId role } }')).data).toEqual({ me: { id: 'idp-user', agencyId: 'agency-qingyang', role: 'VIEWER' } });
      const otherAudience = await sign({ agency: 'agency-qingyang', role: 'VIEWER', iss: 'https://id.example', aud: 'another-app' });
      const hmac = await tokenFor({ agency: 'agency-qingyang', role: 'ADMIN' });
      for (const token of [otherAudience, hmac]) expect((await provider.post(token, '{ me { id } }')).status).toBe(401);
    } finally {
      await provider.close();
      jwks.close();
    }
  });
});
