/**
 * `npm run import` killed (SIGKILL) in the middle of writing a generated
 * network too large for one transaction, then run again: the database is
 * what a clean import gives, node by node and property by property; and
 * importing the same file once more changes nothing. `--bulk` into an
 * empty store: the migrations ran, `able0` is set and the analysis answers
 * as it does on the same network written by the incremental path.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDataset } from '../../src/dataset/generate.ts';
import { ATOMIC_MAX_ROWS } from '../../src/dataset/writer.ts';
import { Database } from '../../src/neo4j/database.ts';
import { startEmbeddedNeo4j } from '../../src/neo4j/embedded/runtime.ts';
import { createApp } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import { connectTestDatabase, emptyGraph, testConfig, tokenFor, TEST_ADMIN } from '../support/graph.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fugong-rerun-'));
const network = join(dir, 'network.json');
let db: Database;
let summary: { records: number };

function importEnv(): NodeJS.ProcessEnv {
  const neo4j = inject('neo4j');
  return { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, NEO4J_DATABASE: neo4j.database };
}

function importFully(path: string, env: NodeJS.ProcessEnv = importEnv(), args: string[] = []): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', path, ...args], { cwd: root, encoding: 'utf8', env, timeout: 280_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** Starts the import and kills it with SIGKILL once it has written `table` and goes on to the next. */
function importKilledAfter(path: string, table: string): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', path], { cwd: root, env: importEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killed = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // Off a terminal the writer prints a line as each table is done.
      if (!killed && new RegExp(`^\\s+${table}: ([\\d,]+)/\\1 rows`, 'm').test(stderr)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.once('error', reject);
    child.once('close', () => resolve({ killed, stderr }));
  });
}

/** Properties with their keys sorted; driver values (integers, dates) as their text, with their type. */
function canonical(props: Record<string, unknown>): string {
  const value = (v: unknown): string =>
    Array.isArray(v) ? `[${v.map(value).join(',')}]` : v !== null && typeof v === 'object' ? `${v.constructor.name}(${String(v)})` : JSON.stringify(v);
  return Object.keys(props)
    .sort()
    .map((k) => `${k}=${value(props[k])}`)
    .join(';');
}

/** Nodes per label, relationships per type, and a hash of every node's and relationship's properties with its ends. */
async function fingerprint(on: Database = db): Promise<{ nodes: Record<string, number>; relationships: Record<string, number>; hash: string }> {
  // The lock's version counts loads: not data.
  const data = 'NOT n:Migration AND NOT n:AnalysisLock';
  const nodes = await on.query<{ label: string; props: Record<string, unknown> }>(
    { operation: 'test' },
    `MATCH (n) WHERE ${data} RETURN labels(n)[0] AS label, properties(n) AS props`,
  );
  const key = (v: string) => `toString(coalesce(${v}.id, ${v}.code, ${v}.enterpriseId, ${v}.name, ${v}.requestId + '#' + toString(${v}.seq)))`;
  const relationships = await on.query<{ type: string; row: string; props: Record<string, unknown> }>(
    { operation: 'test' },
    `MATCH (n)-[r]->(b) WHERE ${data}
     RETURN type(r) AS type, type(r) + ' ' + ${key('n')} + '>' + ${key('b')} AS row, properties(r) AS props`,
  );
  const countBy = (keys: string[]) => {
    const counts: Record<string, number> = {};
    for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
    return counts;
  };
  const rows = [
    ...nodes.records.map((r) => `${r.get('label')} ${canonical(r.get('props'))}`),
    ...relationships.records.map((r) => `${r.get('row')} ${canonical(r.get('props'))}`),
  ].sort();
  return {
    nodes: countBy(nodes.records.map((r) => r.get('label'))),
    relationships: countBy(relationships.records.map((r) => r.get('type'))),
    hash: createHash('sha256').update(rows.join('\n')).digest('hex'),
  };
}

beforeAll(async () => {
  db = connectTestDatabase();
  const file = createWriteStream(network);
  // Past what one transaction takes, so the import writes batch by batch and a kill leaves some of them.
  summary = { records: 0 };
  const generated = await generateDataset({ enterprises: 10_500, seed: 5 }, file);
  file.end();
  await finished(file);
  summary.records = Object.values(generated.counts).reduce((a, b) => a + b, 0);
}, 120_000);
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an import killed midway and run again', () => {
  it('ends as a clean import does, and importing the same file again changes nothing', async () => {
    expect(summary.records).toBeGreaterThan(ATOMIC_MAX_ROWS);
    await emptyGraph(db);
    importFully(network);
    const clean = await fingerprint();
    expect(clean.nodes.Enterprise).toBe(10_500);

    await emptyGraph(db);
    const { killed, stderr } = await importKilledAfter(network, 'enterprises');
    expect(killed, stderr).toBe(true);
    const partial = await fingerprint();
    // Killed between batches: enterprises written, not every supply edge.
    expect(partial.nodes.Enterprise).toBe(10_500);
    expect(partial.relationships.SUPPLIES ?? 0).toBeLessThan(clean.relationships.SUPPLIES!);

    importFully(network);
    expect(await fingerprint()).toEqual(clean);
    importFully(network);
    expect(await fingerprint()).toEqual(clean);
  }, 600_000);
});

describe('npm run import -- --bulk into an empty store', () => {
  const READINESS = `query($id: ID!) { restartReadiness(enterpriseId: $id, asOf: "2020-02-15") {
    ready expectedReadyDate blockedInputs { component { id } reason suppliers { id } rootCauses { id } } rootCauses { enterprise { id } tier }
  } }`;

  /** Each enterprise's readiness, asked through the API of an app on `on`. */
  async function readiness(on: Database, ids: string[]): Promise<unknown[]> {
    const app = await createApp(testConfig(), on, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
    const token = await tokenFor(TEST_ADMIN);
    const answers: unknown[] = [];
    for (const id of ids) {
      const response = await app.yoga.fetch('http://fugong.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: READINESS, variables: { id } }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors).toBeUndefined();
      answers.push(body.data);
    }
    return answers;
  }

  it('writes the network, runs the migrations and able0, and answers as the incremental path', async () => {
    const path = join(dir, 'bulk.json');
    const file = createWriteStream(path);
    await generateDataset({ enterprises: 600, seed: 9 }, file);
    file.end();
    await finished(file);
    const home = join(dir, 'bulk-store');
    const cacheDir = resolve(root, process.env.NEO4J_CACHE_DIR ?? '.cache/neo4j');
    const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_DATA_DIR: home, NEO4J_CACHE_DIR: cacheDir, NEO4J_HEAP: '512m', NEO4J_PAGECACHE: '64m' };
    delete env.NEO4J_URI;
    expect(importFully(path, env, ['--bulk'])).toContain(`imported ${path} into a new store at ${home}`);

    await emptyGraph(db);
    importFully(path);
    const ids = (await db.query<{ id: string }>({ operation: 'test' }, 'MATCH (e:Enterprise) RETURN e.id AS id ORDER BY e.id LIMIT 25')).records.map((r) => r.get('id'));

    const server = await startEmbeddedNeo4j({ home, cacheDir, heap: '512m', pageCache: '64m' });
    const bulk = Database.connect(server, 'neo4j');
    try {
      const migrations = await bulk.query<{ n: number }>({ operation: 'test' }, 'MATCH (m:Migration) RETURN count(m) AS n');
      const shared = await db.query<{ n: number }>({ operation: 'test' }, 'MATCH (m:Migration) RETURN count(m) AS n');
      expect(Number(migrations.records[0]!.get('n'))).toBe(Number(shared.records[0]!.get('n')));
      const unset = await bulk.query<{ n: number }>({ operation: 'test' }, 'MATCH (e:Enterprise) WHERE e.able0 IS NULL RETURN count(e) AS n');
      expect(Number(unset.records[0]!.get('n'))).toBe(0);
      const [bulkPrint, incremental] = await Promise.all([fingerprint(bulk), fingerprint(db)]);
      expect(bulkPrint.nodes).toEqual(incremental.nodes);
      expect(bulkPrint.relationships).toEqual(incremental.relationships);
      expect(await readiness(bulk, ids)).toEqual(await readiness(db, ids));
    } finally {
      await bulk.close();
      await server.stop();
    }
  }, 600_000);
});
