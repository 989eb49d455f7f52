/**
 * Real processes for the end-to-end tests: API replicas (`src/main.ts`, as
 * `npm start` runs it) over the test Neo4j, a throwaway redis-server, and a
 * Server-Sent Events reader. Every process started here is stopped by
 * `stopAll` (call it in `afterAll`), whatever the test did.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { freePort } from '../../src/neo4j/embedded/runtime.ts';
import { TEST_JWT_SECRET, TEST_OPERATOR_AGENCIES, type GraphQLBody } from './graph.ts';
import { readEventStream } from './sse.ts';

const root = new URL('../..', import.meta.url).pathname;
const running = new Set<ChildProcess>();

export interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function track(child: ChildProcess): Started['exited'] {
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  return exited;
}

async function until(output: () => string, text: string, child: ChildProcess, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!output().includes(text)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited early:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not come up:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A redis-server on a free port that keeps nothing on disk. */
export async function startRedis(): Promise<Started & { url: string }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const missing = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new Error(`cannot run redis-server (${error.message}): install it (Debian: apt-get install redis-server; .ci/run does)`))),
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = track(child);
  await Promise.race([until(() => output, 'Ready to accept connections', child, 'redis-server', 20_000), missing]);
  return { child, port, output: () => output, exited, url: `redis://127.0.0.1:${port}` };
}

/** An API process over the test Neo4j, with the test token secret, once it serves; `env` adds or overrides variables. */
export async function startReplica(env: Record<string, string> = {}): Promise<Started & { url: string }> {
  const started = await spawnReplica(env);
  await until(started.output, 'Fugong serves GraphQL', started.child, 'the API', 120_000);
  return started;
}

/** The same process, not waited for: for a start that must fail. */
export async function spawnReplica(env: Record<string, string> = {}): Promise<Started & { url: string }> {
  const neo4j = inject('neo4j');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database,
      JWT_SECRET: TEST_JWT_SECRET,
      OPERATOR_AGENCIES: TEST_OPERATOR_AGENCIES.join(','),
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = track(child);
  return { child, port, output: () => output, exited, url: `http://127.0.0.1:${port}` };
}

/** Resolves once the process has printed `text`. */
export function printed(started: Started, text: string, ms = 60_000): Promise<void> {
  return until(started.output, text, started.child, 'the process', ms);
}

export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** POSTs one operation with a bearer token. */
export async function post<T>(base: string, token: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLBody<T> };
}

export interface EventStream<T> {
  status: number;
  messages: GraphQLBody<T>[];
  /** Resolves once `count` messages have arrived. */
  received(count: number): Promise<void>;
  close(): void;
}

/** A subscription over Server-Sent Events, read as it arrives. */
export async function subscribe<T>(base: string, token: string, query: string, variables: Record<string, unknown>): Promise<EventStream<T>> {
  const abort = new AbortController();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const messages: GraphQLBody<T>[] = [];
  readEventStream<GraphQLBody<T>>(response.body!, (message) => messages.push(message));
  return {
    status: response.status,
    messages,
    received: async (count) => {
      const deadline = Date.now() + 10_000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}: ${JSON.stringify(messages)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => abort.abort(),
  };
}

/** The value of one series in a Prometheus text scrape (labels given in full, in any order), or undefined. */
export function sample(scrape: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of scrape.split('\n')) {
    const match = /^([\w:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.keys(found).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

export async function scrape(base: string, path = '/metrics'): Promise<string> {
  const response = await fetch(`${base}${path}`);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return response.text();
}
