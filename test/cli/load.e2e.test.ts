/**
 * `npm run load -- FILE.json` against the test Neo4j (NEO4J_URI): a bad file
 * is refused with every problem and its JSON path and writes nothing; a
 * good one is written, counted, and a second load changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../src/neo4j/database.ts';
import { connectTestDatabase, emptyGraph } from '../support/graph.ts';
import { dataset, fanIn, REGIONS } from '../support/fixtures.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fugong-load-'));
let db: Database;

function load(file: string) {
  const neo4j = inject('neo4j');
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/load.ts', file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, NEO4J_DATABASE: neo4j.database },
  });
}

async function counts(): Promise<{ n: number; r: number }> {
  const result = await db.query<{ n: number; r: number }>({ operation: 'test' }, 'MATCH (n) WHERE NOT n:Migration AND NOT n:AnalysisLock OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r');
  return result.records[0]!.toObject();
}

beforeAll(async () => {
  db = connectTestDatabase();
  await emptyGraph(db);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run load', () => {
  it('refuses a bad file with every problem and its path, exit code 1, nothing written', async () => {
    const bad = dataset({
      enterprises: [
        { id: 'fx-a', name: '甲', region: '510199', status: 'OPERATING' },
        { id: 'fx-a', name: '乙', region: '510100', status: 'OPERATING', expectedResumeDate: '2020-02-30' },
      ],
      supplies: [{ supplier: 'fx-a', customer: 'fx-zz', component: 'nothing' }],
    });
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const before = await counts();
    const result = load(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('enterprises[0].region: unknown region "510199"');
    expect(result.stderr).toMatch(/enterprises\[1\]\.id: .*duplicate/i);
    expect(result.stderr).toMatch(/enterprises\[1\]\.region: .*DISTRICT/);
    expect(result.stderr).toMatch(/enterprises\[1\]\.expectedResumeDate/);
    expect(result.stderr).toMatch(/supplies\[0\]\.customer/);
    expect(result.stderr).toContain('nothing was written');
    expect(await counts()).toEqual(before);
  });

  it('says what is wrong with a file that is not JSON', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"regions": [');
    const result = load(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot read .*broken\.json as JSON/);
  });

  it('reads a file laid out one record per line, as `npm run generate` writes it, and names the line of a broken record', async () => {
    const document = fanIn(3) as unknown as Record<string, unknown[]>;
    const arrays = Object.entries(document).filter(([, items]) => Array.isArray(items) && items.length > 0);
    const lines = arrays.flatMap(([name, items], i) => [`${i === 0 ? '{' : '],'}"${name}":[`, ...items.map((item, k) => JSON.stringify(item) + (k < items.length - 1 ? ',' : ''))]);
    lines.push(']}');
    // Line 3: the first array's second record, cut short.
    lines[2] = lines[2]!.slice(0, 10);
    const file = join(dir, 'lines.json');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = await counts();
    const result = load(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot read .*lines\.json as JSON: line 3: /);
    expect(await counts()).toEqual(before);
  });

  it('refuses a repeated key, bytes that are not UTF-8 and a name Neo4j cannot index, each with its line and path, writing nothing', async () => {
    const before = await counts();
    const good = JSON.stringify({ id: 'fx-a', name: '甲厂', region: '510105', status: 'OPERATING', workforce: 410 });
    const layout = (enterprise: string | Buffer) =>
      Buffer.concat([
        Buffer.from(`{"regions":[\n${REGIONS.map((r) => JSON.stringify(r)).join(',\n')}\n],"enterprises":[\n${good},\n`),
        Buffer.from(enterprise),
        Buffer.from('\n]}\n'),
      ]);
    const line = REGIONS.length + 4;
    const cases: [string, Buffer, RegExp][] = [
      ['duplicate.json', layout('{"id":"fx-b","name":"乙厂","region":"510105","status":"OPERATING","workforce":410,"workforce":99999}'), new RegExp(`line ${line}: the key "workforce" appears twice in one object \\(at enterprises\\[1\\]\\.workforce`)],
      ['latin1.json', layout(Buffer.from('{"id":"fx-b","name":"Caf\u00e9","region":"510105","status":"OPERATING"}', 'latin1')), new RegExp(`line ${line}: byte \\d+ of the file \\(0xe9\\) is not UTF-8`)],
      ['huge-name.json', layout(JSON.stringify({ id: 'fx-b', name: '长'.repeat(2 * 1024 * 1024), region: '510105', status: 'OPERATING' })), new RegExp(`huge-name\\.json:${line}: enterprises\\[1\\]\\.name: must have at most 1000 characters \\(Neo4j cannot index a longer value\\), got 2097152`)],
    ];
    for (const [name, content, expected] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const result = load(file);
      expect(result.status, name).toBe(1);
      expect(result.stderr, name).toMatch(expected);
      expect(result.stderr, name).toContain('nothing was written');
      expect(result.stderr, name).not.toMatch(/\n\s+at /);
    }
    expect(await counts()).toEqual(before);
  });

  it('loads a good file, prints the counts, and a second load changes nothing', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify(fanIn(30)));
    const first = load(file);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/enterprises 32, components 2, makes 2, needs 60, supplies 60/);
    const after = await counts();
    expect(after.n).toBeGreaterThan(32);
    expect(load(file).status).toBe(0);
    expect(await counts()).toEqual(after);
  });
});
