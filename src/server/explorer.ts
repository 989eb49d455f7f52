/**
 * The explorer, served as files: the page at `/` and its hashed assets under
 * `/assets/`, built by Vite into EXPLORER_DIR (`npm run build:explorer`,
 * which `npm start` and the tests run first). It talks to the API over
 * HTTP like any other client.
 *
 * With the development secret (and only then: `resolveTokenKey` refuses it
 * under NODE_ENV=production) `/explorer/sign-in` lists the graph's users and
 * mints a token for the one picked, so a newcomer can sign in without the
 * command line. With a real secret or an identity provider it answers 404
 * and the page asks for a pasted token instead.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Database } from '../neo4j/database.ts';
import { mintToken, type TokenKey } from '../modules/identity/tokens.ts';
import { listUsers } from '../modules/identity/users.ts';

/** Where `npm run build:explorer` writes the page (ignored by git). */
export const EXPLORER_DIR = fileURLToPath(new URL('../../dist/explorer/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

export interface ExplorerOptions {
  dir?: string;
  tokenKey: TokenKey;
  db: Database;
  log: Logger;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

async function file(dir: string, relative: string): Promise<Response | null> {
  const path = normalize(join(dir, relative));
  // A path that climbs out of the folder names nothing we serve.
  if (!path.startsWith(normalize(dir).replace(/[\\/]?$/, sep))) return null;
  try {
    if (!(await stat(path)).isFile()) return null;
  } catch {
    return null;
  }
  const immutable = relative.startsWith('assets/');
  return new Response(await readFile(path), {
    headers: {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      // Asset names carry their content hash; the page itself must be fetched anew to pick up a new build.
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    },
  });
}

export function useExplorer(options: ExplorerOptions): Plugin {
  const dir = options.dir ?? EXPLORER_DIR;
  const devSignIn = options.tokenKey.kind === 'secret' && options.tokenKey.development ? options.tokenKey : null;

  async function signIn(request: Request): Promise<Response> {
    if (!devSignIn) return json({ error: 'sign-in by picking a user exists only with the development secret; paste a bearer token instead' }, 404);
    const users = await listUsers(options.db);
    if (request.method === 'GET') return json({ users });
    if (request.method !== 'POST') return json({ error: 'use GET to list the users or POST {"userId": "…"} to sign in as one' }, 405);
    let userId: unknown;
    try {
      userId = ((await request.json()) as { userId?: unknown }).userId;
    } catch {
      return json({ error: 'the body must be JSON: {"userId": "…"}' }, 400);
    }
    const user = users.find((u) => u.id === userId);
    if (!user) return json({ error: `userId must be the id of one of the ${users.length} users the graph holds, got ${JSON.stringify(userId)}` }, 400);
    const token = await mintToken(devSignIn, { sub: user.id, agency: user.agencyId, role: user.role }, DEV_TOKEN_TTL_SECONDS);
    return json({ token });
  }

  return {
    onRequest({ request, url, endResponse }) {
      const path = url.pathname;
      if (path === '/explorer/sign-in') {
        return signIn(request).then(endResponse, (error: unknown) => {
          options.log.error({ err: error }, 'development sign-in failed');
          endResponse(json({ error: 'the user list could not be read; is Neo4j up? (see /ready)' }, 503));
        });
      }
      const page = path === '/' || path === '/index.html';
      if (!page && !path.startsWith('/assets/')) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return endResponse(new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
      return file(dir, page ? 'index.html' : decodeURIComponent(path.slice(1))).then((response) => {
        if (response) return endResponse(response);
        endResponse(
          page
            ? new Response('The explorer is not built: run `npm run build:explorer` (npm start does it first). GraphQL is at /graphql.', {
                status: 503,
                headers: { 'content-type': 'text/plain; charset=utf-8' },
              })
            : new Response('Not found', { status: 404 }),
        );
      });
    },
  };
}
