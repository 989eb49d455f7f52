/**
 * Token keys and minting. Tokens are verified with an HS256 secret or an
 * identity provider's JWKS; without either, a development secret is made
 * once and kept beside the local Neo4j store, so `npm start` and
 * `npm run token` agree out of the box.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SignJWT } from 'jose';
import type { Config } from '../../config.ts';
import type { Claims } from './claims.ts';

export type TokenKey =
  | { kind: 'secret'; secret: string; issuer?: string; audience?: string; development: false }
  | { kind: 'secret'; secret: string; issuer?: string; audience?: string; development: true; file: string }
  | { kind: 'jwks'; url: string; issuer?: string; audience?: string };

/** `<NEO4J_DATA_DIR>/../dev-jwt-secret`: under the ignored `.data/` folder by default. */
export function developmentSecretFile(config: Pick<Config, 'NEO4J_DATA_DIR'>): string {
  return resolve(dirname(resolve(config.NEO4J_DATA_DIR)), 'dev-jwt-secret');
}

function developmentSecret(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx' fails when the file exists, so two processes starting together keep one secret.
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable development secret; delete it and start again`);
  return secret;
}

/** The key tokens are checked (and, with a secret, minted) with. */
export function resolveTokenKey(config: Config): TokenKey {
  const common = {
    ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}),
    ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}),
  };
  if (config.JWT_JWKS_URL) return { kind: 'jwks', url: config.JWT_JWKS_URL, ...common };
  if (config.JWT_SECRET) return { kind: 'secret', secret: config.JWT_SECRET, development: false, ...common };
  // loadConfig refuses this already; a Config built another way must not fall back to a secret kept on disk either.
  if (config.NODE_ENV === 'production') throw new Error('NODE_ENV=production needs JWT_SECRET or JWT_JWKS_URL: the development secret is for development only');
  const file = developmentSecretFile(config);
  return { kind: 'secret', secret: developmentSecret(file), development: true, file, ...common };
}

const TTL = /^(\d+)([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** `90s`, `30m`, `12h`, `7d` as seconds; null when malformed or zero. */
export function parseTtl(value: string): number | null {
  const match = TTL.exec(value);
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : null;
}

export async function mintToken(
  key: { secret: string; issuer?: string; audience?: string },
  claims: Claims,
  ttlSeconds: number,
  now: Date = new Date(),
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  let jwt = new SignJWT({ agency: claims.agency, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds);
  if (key.issuer) jwt = jwt.setIssuer(key.issuer);
  if (key.audience) jwt = jwt.setAudience(key.audience);
  return jwt.sign(new TextEncoder().encode(key.secret));
}
