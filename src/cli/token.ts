/**
 * `npm run -s token -- --agency ID --role ROLE [--user ID] [--ttl 12h]`:
 * prints a bearer token signed with JWT_SECRET, or with the development
 * secret `npm start` uses when neither JWT_SECRET nor JWT_JWKS_URL is set.
 * Only the token goes to stdout, so `TOKEN=$(npm run -s token -- …)` works.
 * Bad flags name the flag and exit 2.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { claimsSchema } from '../modules/identity/claims.ts';
import { ROLES, type Role } from '../modules/shared/user.ts';
import { mintToken, parseTtl, resolveTokenKey } from '../modules/identity/tokens.ts';

const USAGE = `usage: npm run -s token -- --agency ID --role ${ROLES.join('|')} [--user ID] [--ttl 12h]`;

class UsageError extends Error {}

function parse(argv: string[]): { agency: string; role: Role; user: string; ttlSeconds: number } {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { agency: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' }, ttl: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs names the offending flag or argument in its message.
    throw new UsageError((error as Error).message);
  }
  if (!values.agency) throw new UsageError('--agency is required: the id of the agency the user acts for, e.g. agency-qingyang');
  if (!values.role) throw new UsageError(`--role is required: one of ${ROLES.join(', ')}`);
  const role = values.role.toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(values.role)}`);
  const ttlText = values.ttl ?? '12h';
  const ttlSeconds = parseTtl(ttlText);
  if (ttlSeconds === null) throw new UsageError(`--ttl must be a positive number of s, m, h or d, e.g. 90m or 12h; got ${JSON.stringify(ttlText)}`);
  const agency = claimsSchema.shape.agency.safeParse(values.agency);
  if (!agency.success) throw new UsageError(`--agency: ${agency.error.issues[0]?.message ?? 'not an identifier'}`);
  const user = values.user ?? `${values.agency}:${role.toLowerCase()}`;
  const sub = claimsSchema.shape.sub.safeParse(user);
  if (!sub.success) throw new UsageError(`--user: ${sub.error.issues[0]?.message ?? 'not an identifier'}`);
  return { agency: values.agency, role: role as Role, user, ttlSeconds };
}

async function main(): Promise<number> {
  let flags: ReturnType<typeof parse>;
  try {
    flags = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`fugong token: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const key = resolveTokenKey(loadConfig());
  if (key.kind === 'jwks') {
    process.stderr.write('fugong token: JWT_JWKS_URL is set, so tokens come from that identity provider; this command mints only with JWT_SECRET or the development secret\n');
    return 1;
  }
  const token = await mintToken(key, { sub: flags.user, agency: flags.agency, role: flags.role }, flags.ttlSeconds);
  process.stdout.write(`${token}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fugong token: ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
