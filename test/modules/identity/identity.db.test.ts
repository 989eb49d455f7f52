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

  it('accepts the scheme in any case (RFC 7235), and refuses a header that is not `Bearer <token>`', async () => {
    const token = await tokenFor({ agency: 'agency-qingyang', role: 'VIEWER' });
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const body = await app.graphqlAs(null, QUERY, {}, { authorization: `${scheme} ${token}` });
      expect(body, scheme).toEqual({ data: { enterprise: { id: 'fx-a', name: '甲厂' } } });
    }
    for (const header of [token, `Bearer`, `Bearer ${token} extra`, `Token ${token}`]) {
      const body = await refused(await app.post(null, QUERY, {}, { authorization: header }));
      expect(body.errors?.[0]?.message, header).toMatch(/Bearer <token>/);
    }
  });

  it('refuses a token without an expiry, saying what to send', async () => {
    const forever = jsonwebtoken.sign({ sub: 'u', agency: 'agency-qingyang', role: 'ADMIN' }, TEST_JWT_SECRET, { algorithm: 'HS256' });
    const body = await refused(await app.post(forever, QUERY));
    expect(body.errors?.[0]?.message).toMatch(/no expiry \(`exp` claim\).*token that expires/);
  });

  it('refuses a token that is not valid yet (nbf)', async () => {
    const early = jsonwebtoken.sign({ sub: 'u', agency: 'agency-qingyang', role: 'ADMIN' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 7200, notBefore: 3600 });
    await refused(await app.post(early, QUERY));
  });

  it('refuses a token signed with the secret but another algorithm or none', async () => {
    const claims = { sub: 'u', agency: 'agency-qingyang', role: 'ADMIN' };
    for (const algorithm of ['HS384', 'HS512'] as const) {
      await refused(await app.post(jsonwebtoken.sign(claims, TEST_JWT_SECRET, { algorithm, expiresIn: 60 }), QUERY));
    }
    const [header, payload] = jsonwebtoken.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 }).split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect(header).toBeTruthy();
    await refused(await app.post(unsigned, QUERY));
  });

  it('refuses a token whose agency the graph does not hold, and accepts it once a dataset holds the agency', async () => {
    const stranger = await tokenFor({ agency: 'agency-mianyang', role: 'ADMIN', user: 'my-admin' });
    const body = await refused(await app.post(stranger, QUERY));
    expect(body.errors?.[0]?.message).toContain('"agency-mianyang" is not an agency of the loaded dataset');
    const write = await refused(await app.post(stranger, 'mutation { setEnterpriseStatus(enterpriseId: "fx-a", status: CLOSED) { status } }'));
    expect(write.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql<{ statusHistory: unknown[] }>('{ statusHistory(enterpriseId: "fx-a") { status } }')).data?.statusHistory).toEqual([]);

    const withMianyang = fixture();
    withMianyang.agencies = [...withMianyang.agencies, { id: 'agency-mianyang', name: '绵阳市经济和信息化局', region: '510700' }];
    expect((await app.datasets.load({ ...withMianyang, users: [{ id: 'qy-wang', name: '王科长', agency: 'agency-qingyang', role: 'COORDINATOR' }] })).loaded).toBe(true);
    expect(await app.graphqlAs(stranger, QUERY)).toEqual({ data: { enterprise: { id: 'fx-a', name: '甲厂' } } });
  });

  it('asks Neo4j about a token\'s agency once, not on every request', async () => {
    const token = await tokenFor({ agency: 'agency-tianjin', role: 'VIEWER' });
    expect((await app.graphqlAs(token, '{ me { id } }')).data).toEqual({ me: { id: 'agency-tianjin:viewer' } });
    const before = app.db.stats.queries;
    for (let i = 0; i < 5; i++) expect((await app.graphqlAs(token, '{ me { id } }')).errors).toBeUndefined();
    expect(app.db.stats.queries - before).toBe(0);
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

  it('accepts an agency the graph does not hold only when OPERATOR_AGENCIES names it', async () => {
    const operators = await createTestApp({ config: { OPERATOR_AGENCIES: 'agency-it' } });
    try {
      const answer = await operators.graphqlAs(await tokenFor({ agency: 'agency-it', role: 'ADMIN', user: 'it-1' }), '{ me { agencyId agency { id } } }');
      expect(answer.data).toEqual({ me: { agencyId: 'agency-it', agency: null } });
      expect((await operators.post(await tokenFor({ agency: 'agency-ops', role: 'ADMIN' }), '{ me { id } }')).status).toBe(401);
    } finally {
      await operators.close();
    }
  });
});

describe('issuer and audience (JWT_ISSUER, JWT_AUDIENCE)', () => {
  it('accepts a token with both, and refuses one with another or without', async () => {
    const checked = await createTestApp({ config: { JWT_ISSUER: 'https://fugong.example', JWT_AUDIENCE: 'fugong-api' } });
    try {
      const claims = { sub: 'u', agency: 'agency-qingyang', role: 'VIEWER' as const };
      const mint = (key: { issuer?: string; audience?: string }) => mintToken({ secret: TEST_JWT_SECRET, ...key }, claims, 600);
      const good = await mint({ issuer: 'https://fugong.example', audience: 'fugong-api' });
      expect((await checked.graphqlAs(good, '{ me { id } }')).data).toEqual({ me: { id: 'u' } });
      for (const key of [{ issuer: 'https://other.example', audience: 'fugong-api' }, { issuer: 'https://fugong.example', audience: 'other-api' }, { audience: 'fugong-api' }, { issuer: 'https://fugong.example' }, {}]) {
        const response = await checked.post(await mint(key), '{ me { id } }');
        expect(response.status, JSON.stringify(key)).toBe(401);
        expect(((await response.json()) as GraphQLBody<unknown>).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    } finally {
      await checked.close();
    }
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
      // Signed with a key the JWKS does not publish, under a key id it does not know or one it does.
      const stranger = (await generateKeyPair('RS256')).privateKey;
      const claims = { agency: 'agency-qingyang', role: 'ADMIN', iss: 'https://id.example', aud: 'fugong' };
      for (const kid of ['key-2', 'key-1']) {
        const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setSubject('idp-user').setIssuedAt().setExpirationTime('5m').sign(stranger);
        const response = await provider.post(forged, '{ me { id } }');
        expect(response.status, kid).toBe(401);
        expect(((await response.json()) as GraphQLBody<unknown>).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      const forever = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setSubject('idp-user').setIssuedAt().sign(privateKey);
      expect((await provider.post(forever, '{ me { id } }')).status).toBe(401);
    } finally {
      await provider.close();
      jwks.close();
    }
  });
});
