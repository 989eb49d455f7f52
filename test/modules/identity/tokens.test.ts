/** Claims, token lifetimes, minting, and the development secret kept beside the local store. */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsonwebtoken from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { expiryProblem, userFromClaims } from '../../../src/modules/identity/claims.ts';
import { bearerToken } from '../../../src/server/auth.ts';
import { developmentSecretFile, mintToken, parseTtl, resolveTokenKey } from '../../../src/modules/identity/tokens.ts';

describe('claims', () => {
  it('turns sub, agency and role into the current user', () => {
    expect(userFromClaims({ sub: 'u1', agency: 'agency-qingyang', role: 'COORDINATOR', iat: 1 })).toEqual({ user: { id: 'u1', agencyId: 'agency-qingyang', role: 'COORDINATOR' } });
  });

  it.each([
    [{ agency: 'a', role: 'ADMIN' }, 'sub'],
    [{ sub: 'u', role: 'ADMIN' }, 'agency'],
    [{ sub: 'u', agency: 'a', role: 'ROOT' }, 'role'],
    [{ sub: 'u', agency: 'a b', role: 'ADMIN' }, 'agency'],
  ])('says which claim is wrong: %j', (payload, claim) => {
    const found = userFromClaims(payload);
    expect('problem' in found && found.problem).toMatch(new RegExp(`^${claim}:`));
  });
});

describe('expiry', () => {
  it('needs exp, as a number', () => {
    expect(expiryProblem({ exp: 1 })).toBeNull();
    expect(expiryProblem({})).toMatch(/no expiry/);
    expect(expiryProblem({ exp: '2030-01-01' })).toMatch(/not a number/);
  });
});

describe('bearer header', () => {
  it('takes the scheme in any case and one token after it', () => {
    expect([bearerToken('Bearer abc'), bearerToken('bearer abc'), bearerToken('BEARER  abc '), bearerToken('Bearer\tabc')]).toEqual(['abc', 'abc', 'abc', 'abc']);
    expect([bearerToken(null), bearerToken('abc'), bearerToken('Bearer'), bearerToken('Bearer a b'), bearerToken('Basic abc'), bearerToken('Bearerabc')]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('tokens', () => {
  it('parses lifetimes', () => {
    expect([parseTtl('90s'), parseTtl('30m'), parseTtl('12h'), parseTtl('7d')]).toEqual([90, 1800, 43200, 604800]);
    expect([parseTtl('0h'), parseTtl('12'), parseTtl('1w'), parseTtl('-1h'), parseTtl('')]).toEqual([null, null, null, null, null]);
  });

  it('mints HS256 tokens the verifier accepts, with issuer, audience and expiry', async () => {
    const secret = 'x'.repeat(40);
    const now = new Date('2026-01-01T00:00:00Z');
    const token = await mintToken({ secret, issuer: 'fugong', audience: 'api' }, { sub: 'u1', agency: 'agency-tianjin', role: 'ADMIN' }, 3600, now);
    const payload = jsonwebtoken.verify(token, secret, { algorithms: ['HS256'], issuer: 'fugong', audience: 'api', clockTimestamp: now.getTime() / 1000 + 10 }) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: 'u1', agency: 'agency-tianjin', role: 'ADMIN', iss: 'fugong', aud: 'api', iat: now.getTime() / 1000, exp: now.getTime() / 1000 + 3600 });
    expect(() => jsonwebtoken.verify(token, secret, { clockTimestamp: now.getTime() / 1000 + 3601 })).toThrow(/expired/);
  });

  it('without JWT_SECRET or JWT_JWKS_URL, makes one development secret beside the store (mode 0600) and keeps it', () => {
    const root = mkdtempSync(join(tmpdir(), 'fugong-dev-secret-'));
    const config = loadConfig({ NEO4J_DATA_DIR: join(root, '.data', 'neo4j') });
    const first = resolveTokenKey(config);
    expect(first).toMatchObject({ kind: 'secret', development: true, file: join(root, '.data', 'dev-jwt-secret') });
    expect(developmentSecretFile(config)).toBe(join(root, '.data', 'dev-jwt-secret'));
    expect(statSync(join(root, '.data', 'dev-jwt-secret')).mode & 0o777).toBe(0o600);
    const second = resolveTokenKey(config);
    expect(second.kind === 'secret' && second.secret).toBe(first.kind === 'secret' && first.secret);
    expect(readFileSync(join(root, '.data', 'dev-jwt-secret'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  });

  it('uses the configured secret or JWKS, and refuses both at once', () => {
    expect(resolveTokenKey(loadConfig({ JWT_SECRET: 's'.repeat(32), JWT_ISSUER: 'i' }))).toEqual({ kind: 'secret', secret: 's'.repeat(32), development: false, issuer: 'i' });
    expect(resolveTokenKey(loadConfig({ JWT_JWKS_URL: 'https://id.example/.well-known/jwks.json' }))).toEqual({ kind: 'jwks', url: 'https://id.example/.well-known/jwks.json' });
    expect(() => loadConfig({ JWT_SECRET: 's'.repeat(32), JWT_JWKS_URL: 'https://id.example/jwks' })).toThrow(/JWT_JWKS_URL.*either JWT_SECRET or JWT_JWKS_URL/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET \(value not shown\): at least 32 characters/);
  });

  it('never prints a secret in a configuration error', () => {
    for (const env of [{ JWT_SECRET: 'short-secret-xyz' }, { JWT_SECRET: 'short-secret-xyz', JWT_JWKS_URL: 'https://id.example/jwks' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).not.toThrow(/short-secret-xyz/);
    }
  });

  it('never uses the development secret in production: start-up stops, saying what to set', () => {
    const root = mkdtempSync(join(tmpdir(), 'fugong-prod-secret-'));
    const env = { NODE_ENV: 'production', NEO4J_DATA_DIR: join(root, '.data', 'neo4j') };
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET: required when NODE_ENV=production: set JWT_SECRET .* or JWT_JWKS_URL/);
    expect(() => resolveTokenKey({ ...loadConfig({ NEO4J_DATA_DIR: env.NEO4J_DATA_DIR }), NODE_ENV: 'production' })).toThrow(/NODE_ENV=production needs JWT_SECRET or JWT_JWKS_URL/);
    expect(existsSync(join(root, '.data', 'dev-jwt-secret'))).toBe(false);
    expect(resolveTokenKey(loadConfig({ ...env, JWT_SECRET: 's'.repeat(32) }))).toMatchObject({ kind: 'secret', development: false });
    expect(resolveTokenKey(loadConfig({ ...env, JWT_JWKS_URL: 'https://id.example/jwks' }))).toMatchObject({ kind: 'jwks' });
    expect(existsSync(join(root, '.data', 'dev-jwt-secret'))).toBe(false);
  });
});
