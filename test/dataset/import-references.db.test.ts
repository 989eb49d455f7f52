/**
 * An import against what the database already holds: a file may refer to
 * regions, agencies, enterprises and components that are not in it but are
 * in the database (looked up once per table after the check, not per row);
 * one that refers to a key in neither is refused at its file and line,
 * writing nothing. Applications filed through the API (RA-…) go out and
 * come back in as they were, and the API's next filing numbers on after them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { KeyTable, KnownKeys } from '../../src/dataset/checker.ts';
import { exportRecords } from '../../src/dataset/export.ts';
import { writeExport } from '../../src/dataset/export-formats.ts';
import { importSource, type ImportResult } from '../../src/dataset/import-source.ts';
import { formatSourceProblems } from '../../src/dataset/check-source.ts';
import { A, FILE_APPLICATION, STEP, TODAY, applicationFiling, applicationScenario, type FileApplicationBody } from '../support/applications.ts';
import { createTestApp, emptyGraph, tokenFor, type TestApp } from '../support/graph.ts';
import { fanIn } from '../support/fixtures.ts';

let app: TestApp;
/** An app on today's date: the API stamps a filing's event with the clock, and the check wants it on the day filed. */
let now: TestApp;
let qingyang: string;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const dir = mkdtempSync(join(tmpdir(), 'fugong-refs-'));

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  now = await createTestApp();
  qingyang = await tokenFor({ agency: A.qingyang, role: 'COORDINATOR', user: 'qy-wang' });
});
afterAll(async () => {
  await now.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every look-up the check makes, by table. */
function counting(): { known: KnownKeys; calls: { table: KeyTable; ids: string[] }[] } {
  const calls: { table: KeyTable; ids: string[] }[] = [];
  return {
    calls,
    known: (table, ids) => {
      calls.push({ table, ids: [...ids].sort() });
      return app.datasets.knownKeys(table, ids);
    },
  };
}

function importFile(path: string, known: KnownKeys = app.datasets.knownKeys): Promise<ImportResult> {
  return importSource(path, { knownKeys: known, load: (records) => app.datasets.loadChecked(records) });
}

async function graphState(): Promise<string> {
  const result = await app.db.query<{ row: string }>(
    { operation: 'test' },
    `MATCH (n) WHERE NOT n:Migration AND NOT n:AnalysisLock
     OPTIONAL MATCH (n)-[r]->(m)
     WITH labels(n)[0] + ':' + coalesce(n.id, n.code, n.name, '') + '-' + coalesce(type(r), '') + '->' + coalesce(m.id, m.code, '') AS row
     RETURN row ORDER BY row`,
  );
  return result.records.map((r) => r.get('row')).join('\n');
}

function ndjson(name: string, records: Record<string, unknown>[]): string {
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

describe('references to what the database holds', () => {
  beforeEach(async () => {
    await emptyGraph(app.db);
    expect((await app.datasets.load(fanIn(2))).loaded).toBe(true);
  });

  it('pass: new enterprises in loaded regions, making loaded components, supplied by loaded enterprises; one look-up per table', async () => {
    const path = ndjson('additions.ndjson', [
      { kind: 'enterprises', id: 'fx-new-1', name: '青羊新厂一', region: '510105', status: 'OPERATING' },
      { kind: 'enterprises', id: 'fx-new-2', name: '青羊新厂二', region: '510105', status: 'OPERATING' },
      { kind: 'makes', enterprise: 'fx-new-1', component: 'fx-part' },
      { kind: 'needs', enterprise: 'fx-new-2', component: 'fx-bolt' },
      { kind: 'supplies', supplier: 'fx-new-1', customer: 'fx-plant-0000', component: 'fx-part' },
      { kind: 'supplies', supplier: 'fx-jj-supplier', customer: 'fx-new-2', component: 'fx-bolt' },
      { kind: 'users', id: 'qy-new-user', name: '王新', role: 'VIEWER', agency: A.qingyang },
    ]);
    const { known, calls } = counting();
    const result = await importFile(path, known);
    expect(result.kind === 'written' ? [] : formatSourceProblems(result.kind === 'problems' ? result.check.problems : [], 0, new Map())).toEqual([]);
    expect(result.kind === 'written' && result.outcome.loaded).toBe(true);
    // Each table asked once, with each key the file did not hold once.
    expect(calls).toEqual([
      { table: 'regions', ids: ['510105'] },
      { table: 'agencies', ids: [A.qingyang] },
      { table: 'enterprises', ids: ['fx-jj-supplier', 'fx-plant-0000'] },
      { table: 'components', ids: ['fx-bolt', 'fx-part'] },
    ]);
    const state = await graphState();
    expect(state).toContain('Enterprise:fx-new-1-LOCATED_IN->510105');
    expect(state).toContain('Enterprise:fx-new-1-MAKES->fx-part');
    expect(state).toContain('Enterprise:fx-new-1-SUPPLIES->fx-plant-0000');
    expect(state).toContain('Enterprise:fx-jj-supplier-SUPPLIES->fx-new-2');
    expect(state).toContain(`User:qy-new-user-MEMBER_OF->${A.qingyang}`);
  });

  it('a file that refers only to itself asks the database nothing', async () => {
    const path = ndjson('own.ndjson', [
      { kind: 'regions', code: '650000', name: '新疆维吾尔自治区', level: 'PROVINCE', parent: null },
      { kind: 'components', id: 'fx-own', name: '自有零件' },
    ]);
    const { known, calls } = counting();
    expect((await importFile(path, known)).kind).toBe('written');
    expect(calls).toEqual([]);
  });

  it('refuses a key in neither the file nor the database at its line and field, and writes nothing', async () => {
    const before = await graphState();
    const path = ndjson('unknown.ndjson', [
      { kind: 'enterprises', id: 'fx-new-1', name: '青羊新厂一', region: '510105', status: 'OPERATING' },
      { kind: 'enterprises', id: 'fx-new-2', name: '某新厂', region: '510199', status: 'OPERATING' },
      { kind: 'enterprises', id: 'fx-new-3', name: '成都新厂', region: '510100', status: 'OPERATING' },
      { kind: 'supplies', supplier: 'fx-new-1', customer: 'fx-none', component: 'fx-part' },
      { kind: 'needs', enterprise: 'fx-plant-0001', component: 'cmp-none' },
      { kind: 'users', id: 'u-x', name: '某人', role: 'VIEWER', agency: 'agency-none' },
    ]);
    const result = await importFile(path);
    expect(result.kind).toBe('problems');
    if (result.kind !== 'problems') return;
    expect(formatSourceProblems(result.check.problems, result.check.problemCount, result.check.moreProblems).split('\n')).toEqual([
      `${path}:2: region: unknown region "510199"; add that region to regions or correct the code`,
      `${path}:3: region: "510100" is a CITY; an enterprise must be located in a DISTRICT: use its district's code`,
      `${path}:4: customer: unknown enterprise "fx-none"; add it to enterprises or correct the id`,
      `${path}:5: component: unknown component "cmp-none"; add it to components or correct the id`,
      `${path}:6: agency: unknown agency "agency-none"; add it to agencies or correct the id`,
    ]);
    expect(await graphState()).toBe(before);
  });

  it('a region whose parent is in the database, of the right level or not', async () => {
    const good = ndjson('district.ndjson', [{ kind: 'regions', code: '510106', name: '金牛区', level: 'DISTRICT', parent: '510100' }]);
    expect((await importFile(good)).kind).toBe('written');
    const bad = ndjson('city.ndjson', [{ kind: 'regions', code: '510600', name: '德阳市', level: 'CITY', parent: '510100' }]);
    const result = await importFile(bad);
    expect(result.kind === 'problems' && result.check.problems).toEqual([
      { where: `${bad}:1`, field: 'parent', message: `a CITY's parent must be a PROVINCE, but "510100" is a CITY` },
    ]);
  });
});

describe('applications filed through the API', () => {
  it('export, import into an empty database, export again: the same bytes, and the next filing numbers on', async () => {
    await emptyGraph(now.db);
    expect((await now.datasets.load(applicationScenario())).problems).toEqual([]);
    const filed = (await now.graphqlAs(qingyang, FILE_APPLICATION, applicationFiling({ plannedDate: today }))) as FileApplicationBody;
    expect(filed.errors).toBeUndefined();
    const id = filed.data!.fileResumptionApplication.application.id;
    expect(id).toMatch(/^RA-\d{6}$/);
    expect((await now.graphqlAs(qingyang, STEP.check, { id, note: '现场核查' })).errors).toBeUndefined();

    const first = join(dir, 'with-filings.json');
    await writeExport(await exportRecords(now.db, { kind: 'all' }), { format: 'json', out: first, headers: 'fields' });
    expect(readFileSync(first, 'utf8')).toContain(`"id":"${id}"`);

    await emptyGraph(now.db);
    const result = await importFile(first);
    expect(result.kind === 'problems' ? result.check.problems : []).toEqual([]);
    expect(result.kind === 'written' && result.outcome.loaded).toBe(true);
    const again = join(dir, 'with-filings-again.json');
    await writeExport(await exportRecords(now.db, { kind: 'all' }), { format: 'json', out: again, headers: 'fields' });
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(first, 'utf8'));

    // The imported filing keeps its number: the next one through the API comes after it.
    const next = (await now.graphqlAs(qingyang, FILE_APPLICATION, applicationFiling({ enterpriseId: 'ap-qy-spare', workforceReturning: 20, plannedDate: today }))) as FileApplicationBody;
    expect(next.errors).toBeUndefined();
    expect(next.data!.fileResumptionApplication.application.id).toBe(`RA-${String(Number(id.slice(3)) + 1).padStart(6, '0')}`);
  });

  it('refuses an id that starts like the API\'s but is not one it issues', async () => {
    await emptyGraph(app.db);
    expect((await app.datasets.load(applicationScenario())).problems).toEqual([]);
    const path = ndjson('bad-id.ndjson', [
      { kind: 'applications', id: 'RA-12', enterprise: 'ap-qy-small', status: 'FILED', filedOn: TODAY, plannedDate: TODAY, workforceReturning: 10 },
    ]);
    const result = await importFile(path);
    expect(result.kind === 'problems' && result.check.problems.map((p) => `${p.where}: ${p.field}: ${p.message}`)).toEqual([
      `${path}:1: id: "RA-12" starts with RA- like the ids of filings through the API, which are RA- and a number of at least six digits (RA-000042); use that form or an id of your own`,
    ]);
  });
});
