/**
 * `npm start` as a newcomer runs it: no NEO4J_URI, so the service starts its
 * own Neo4j on a persistent store, loads the seed into the empty database,
 * serves GraphQL and GraphiQL, and leaves no JVM behind however it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/neo4j/embedded/runtime.ts';
import { TEST_JWT_SECRET, tokenFor } from './support/graph.ts';

const root = new URL('..', import.meta.url).pathname;
const store = mkdtempSync(join(tmpdir(), 'fugong-start-'));

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NEO4J_DATA_DIR: store, LOG_LEVEL: 'info', JWT_SECRET: TEST_JWT_SECRET };
  for (const name of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  running.add(child);
  void exited.then(() => running.delete(child));
  const deadline = Date.now() + 180_000;
  while (!output.includes('Fugong serves GraphQL')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, port, output: () => output, exited };
}

function jvmPid(): number {
  return (JSON.parse(readFileSync(join(store, 'fugong-run.json'), 'utf8')) as { pid: number }).pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
  return true;
}

const running = new Set<ChildProcess>();

// A failed assertion must not leave a server (and its Neo4j) behind for the next test.
afterEach(async () => {
  for (const child of running) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});

afterAll(() => rmSync(store, { recursive: true, force: true }));

describe('npm start without NEO4J_URI', () => {
  it('starts its own Neo4j, loads the seed, serves GraphQL and GraphiQL, and stops cleanly on SIGTERM', async () => {
    const server = await start();
    const watchdog = jvmPid();
    expect(server.output()).toContain('loaded the seed scenario');
    expect(server.output()).toContain('npm run token');
    const anonymous = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ regions { code } }' }),
    });
    expect(anonymous.status).toBe(401);

    const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor({ agency: 'agency-qingyang', role: 'VIEWER' })}` },
      body: JSON.stringify({ query: '{ enterprise(id: "ent-tj-binhai-parts") { status region { name parent { name } } } }' }),
    });
    const body = (await response.json()) as { data: { enterprise: { status: string; region: { name: string; parent: { name: string } } } } };
    expect(body.data.enterprise).toEqual({ status: 'SUSPENDED', region: { name: '滨海新区', parent: { name: '天津市' } } });

    const page = await fetch(`http://127.0.0.1:${server.port}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
    const explorer = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).toContain('<div id="app">');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(alive(watchdog)).toBe(false);
  }, 300_000);

  it('keeps the store between starts, and a killed process takes its Neo4j down with it', async () => {
    const server = await start();
    expect(server.output()).not.toContain('loaded the seed scenario');
    const watchdog = jvmPid();
    expect(alive(watchdog)).toBe(true);

    server.child.kill('SIGKILL');
    await server.exited;
    expect(await waitUntilGone(watchdog, 90_000)).toBe(true);
  }, 300_000);
});
