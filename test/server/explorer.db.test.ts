/**
 * The explorer's files and its development sign-in: the page is served at
 * `/` without a token; picking a user works only with the development
 * secret, and answers 404 with a configured one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/graph.ts';
import { startSeedServer, type SeedServer } from '../support/browser.ts';

let configured: TestApp;
let development: SeedServer;

beforeAll(async () => {
  development = await startSeedServer();
  configured = await createTestApp();
});

afterAll(async () => {
  await configured.close();
  await development.close();
});

describe('the explorer under a configured secret', () => {
  it('serves the page without a token but offers no user to pick', async () => {
    const page = await configured.yoga.fetch('http://fugong.test/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const signIn = await configured.yoga.fetch('http://fugong.test/explorer/sign-in');
    expect(signIn.status).toBe(404);
    expect(((await signIn.json()) as { error: string }).error).toContain('paste a bearer token');
    const mint = await configured.yoga.fetch('http://fugong.test/explorer/sign-in', { method: 'POST', body: JSON.stringify({ userId: 'user-admin' }) });
    expect(mint.status).toBe(404);
  });
});

describe('the explorer under the development secret', () => {
  it("lists the graph's users and mints a token the API accepts for the one picked", async () => {
    const list = (await (await fetch(`${development.url}/explorer/sign-in`)).json()) as { users: { id: string; agencyId: string; role: string; agencyName: string }[] };
    expect(list.users.map((u) => u.id)).toContain('user-tianjin-coordinator');
    expect(list.users.find((u) => u.id === 'user-tianjin-coordinator')).toMatchObject({ agencyId: 'agency-tianjin', role: 'COORDINATOR', agencyName: '天津市工业和信息化局' });

    const minted = (await (
      await fetch(`${development.url}/explorer/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'user-tianjin-coordinator' }) })
    ).json()) as { token: string };
    const me = await fetch(`${development.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${minted.token}` },
      body: JSON.stringify({ query: '{ me { id role agencyId } }' }),
    });
    expect(((await me.json()) as { data: unknown }).data).toEqual({ me: { id: 'user-tianjin-coordinator', role: 'COORDINATOR', agencyId: 'agency-tianjin' } });
  });

  it('refuses a user the graph does not hold, naming the field', async () => {
    const response = await fetch(`${development.url}/explorer/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'user-nobody' }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^userId must be the id of one of the \d+ users the graph holds, got "user-nobody"$/);
  });
});
