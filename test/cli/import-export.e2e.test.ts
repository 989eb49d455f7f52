/**
 * `npm run import` and `npm run export` against the test Neo4j: a file with
 * a problem writes nothing and names the file, row and column; the seed and
 * a generated network go out in every format, into an empty database and
 * out again as the same data; a part of the graph exports on its own.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/neo4j/database.ts';
import { DATASET_RECORD_ARRAYS } from '../../src/dataset/format.ts';
import { exportRecords } from '../../src/dataset/export.ts';
import { writeExport, type ExportFormat } from '../../src/dataset/export-formats.ts';
import { runImport } from '../../src/cli/importing.ts';
import { generateDataset } from '../../src/dataset/generate.ts';
import { validateDataset } from '../../src/dataset/validate.ts';
import { connectTestDatabase, emptyGraph } from '../support/graph.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fugong-io-'));
const SEED = join(root, 'seeds/qingyang-2020.json');
let db: Database;

function run(script: 'import' | 'export', args: string[]) {
  const neo4j = inject('neo4j');
  return spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, NEO4J_DATABASE: neo4j.database },
  });
}

function ok(result: ReturnType<typeof run>): string {
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

async function counts(): Promise<{ n: number; r: number }> {
  const result = await db.query<{ n: number; r: number }>({ operation: 'test' }, 'MATCH (n) WHERE NOT n:Migration AND NOT n:AnalysisLock OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r');
  return result.records[0]!.toObject();
}

/** A value's JSON with every object's keys sorted. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The records of a dataset document, normalised, each table sorted: the same data whatever the order. */
function dataOf(path: string): Record<string, string[]> {
  const validation = validateDataset(JSON.parse(readFileSync(path, 'utf8')));
  if (!validation.ok) throw new Error(`${path}: ${validation.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return Object.fromEntries(DATASET_RECORD_ARRAYS.map((array) => [array, validation.dataset[array].map((r) => canonical(r)).sort()]));
}

beforeAll(async () => {
  db = connectTestDatabase();
  await emptyGraph(db);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run import', () => {
  it('refuses a CSV folder with a problem, naming file, line and column, exit code 1, nothing written', async () => {
    const folder = join(dir, 'bad-csv');
    mkdirSync(folder);
    writeFileSync(join(folder, 'regions.csv'), '\ufeff区划代码,区划名称,级别,上级区划代码\n510000,四川省,PROVINCE,\n510100,成都市,CITY,510000\n510105,青羊区,DISTRICT,510100\n');
    writeFileSync(join(folder, 'enterprises.csv'), '企业编号,企业名称,所在区县代码,状态\nfx-a,甲厂,510105,OPERATING\nfx-b,乙厂,510199,OPERATING\n');
    writeFileSync(join(folder, 'supplies.csv'), 'supplier,customer,component\nfx-a,fx-b,cmp-x\n');
    const before = await counts();
    const result = run('import', [folder]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(folder, 'enterprises.csv')}:3: region: unknown region "510199"; add that region to regions or correct the code`);
    expect(result.stderr).toContain(`${join(folder, 'supplies.csv')}:2: component: unknown component "cmp-x"`);
    expect(result.stderr).toContain('nothing was written');
    expect(await counts()).toEqual(before);
  });

  it('refuses --bulk beside NEO4J_URI, where it cannot write store files, before reading anything', async () => {
    const before = await counts();
    const result = run('import', [SEED, '--bulk']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--bulk writes store files of the Neo4j Fugong runs itself; with NEO4J_URI import without --bulk; nothing was written');
    expect(await counts()).toEqual(before);
  });

  it('says what it takes when the path has no format it reads', () => {
    const path = join(dir, 'dataset.txt');
    writeFileSync(path, 'regions');
    const result = run('import', [path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot tell the format: name the file \.json .*\.ndjson .*\.xlsx .*\.zip/);
  });
});

describe('export, import into an empty database, export: the same data in every format', () => {
  const formats = ['json', 'ndjson', 'csv', 'xlsx'] as const;

  // In this process, through the functions the commands run (the commands themselves are run above and below):
  // a process per step would take minutes.
  async function importInProcess(path: string): Promise<void> {
    const neo4j = inject('neo4j');
    const saved = { ...process.env };
    Object.assign(process.env, { NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, NEO4J_DATABASE: neo4j.database });
    try {
      expect(await runImport('import', [path]), path).toBe(0);
    } finally {
      process.env = saved;
    }
  }

  async function exportInProcess(format: ExportFormat, out: string, headers: 'fields' | 'zh' = 'fields'): Promise<void> {
    await writeExport(await exportRecords(db, { kind: 'all' }, { pageSize: 50 }), { format, out, headers });
  }

  async function roundTrip(name: string, source: string): Promise<void> {
    await emptyGraph(db);
    await importInProcess(source);
    const first = join(dir, `${name}-first.json`);
    await exportInProcess('json', first);
    // What went in is what comes out.
    expect(dataOf(first)).toEqual(dataOf(source));
    for (const format of formats) {
      const out = join(dir, `${name}.${format === 'csv' ? 'csv.d' : format}`);
      await exportInProcess(format, out, format === 'xlsx' || format === 'csv' ? 'zh' : 'fields');
      await emptyGraph(db);
      await importInProcess(out);
      const again = join(dir, `${name}-${format}-again.json`);
      await exportInProcess('json', again);
      // Byte for byte: exports are in key order, every field present.
      expect(readFileSync(again, 'utf8'), format).toBe(readFileSync(first, 'utf8'));
    }
  }

  it('the seed', async () => {
    await roundTrip('seed', SEED);
    // CSV is UTF-8 with a byte order mark, one file per table, the empty ones too.
    const csv = join(dir, 'seed.csv.d');
    expect(readdirSync(csv).sort()).toEqual(DATASET_RECORD_ARRAYS.map((t) => `${t}.csv`).sort());
    expect(readFileSync(join(csv, 'enterprises.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(readFileSync(join(csv, 'enterprises.csv'), 'utf8')).toMatch(/^\ufeff企业编号,企业名称,所在区县代码/);
  });

  it('a generated network', async () => {
    const path = join(dir, 'generated.json');
    const file = createWriteStream(path);
    await generateDataset({ enterprises: 400, seed: 3 }, file);
    file.end();
    await finished(file);
    await roundTrip('generated', path);
  });
});

describe('npm run export of a part', () => {
  it('a region, an upstream and a downstream each import on their own, and an unknown one writes nothing', async () => {
    await emptyGraph(db);
    ok(run('import', [SEED]));
    const all = dataOf((ok(run('export', ['--all', '--format', 'json', '--out', join(dir, 'all.json')])), join(dir, 'all.json')));
    const enterprisesOf = (data: Record<string, string[]>) => data.enterprises!.map((e) => (JSON.parse(e) as { id: string }).id).sort();

    const qingyang = join(dir, 'qingyang.ndjson');
    ok(run('export', ['--region', '510105', '--format', 'ndjson', '--out', qingyang]));
    const regionIds = readFileSync(qingyang, 'utf8').split('\n').filter((l) => l.startsWith('{"kind":"enterprises"')).map((l) => (JSON.parse(l) as { region: string }).region);
    expect(regionIds.length).toBeGreaterThan(0);
    expect(new Set(regionIds)).toEqual(new Set(['510105']));

    const upstream = join(dir, 'upstream.json');
    ok(run('export', ['--upstream', 'ent-qy-aero-precision', '--format', 'json', '--out', upstream]));
    const up = dataOf(upstream);
    // The plant and its suppliers' cone: the Tianjin connector maker among them, fewer than all.
    expect(enterprisesOf(up)).toContain('ent-qy-aero-precision');
    expect(enterprisesOf(up)).toContain('ent-tj-binhai-parts');
    expect(enterprisesOf(up).length).toBeLessThan(enterprisesOf(all).length);
    // Every supply edge has both ends inside.
    const inside = new Set(enterprisesOf(up));
    for (const s of up.supplies!.map((t) => JSON.parse(t) as { supplier: string; customer: string })) {
      expect(inside.has(s.supplier) && inside.has(s.customer)).toBe(true);
    }

    const downstream = join(dir, 'downstream.xlsx');
    ok(run('export', ['--downstream', 'ent-tj-binhai-parts', '--format', 'xlsx', '--out', downstream]));
    await emptyGraph(db);
    for (const part of [upstream, qingyang, downstream]) ok(run('import', [part]));

    const missing = join(dir, 'missing.json');
    const refused = run('export', ['--upstream', 'ent-none', '--format', 'json', '--out', missing]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('no enterprise has the id "ent-none"');
    expect(() => readFileSync(missing)).toThrow();
  });
});
