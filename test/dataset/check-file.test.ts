/**
 * The two feeds of the dataset checker agree: a bad document validated in
 * memory (validateDataset) and the same document written to a file and
 * checked as it streams by (checkDatasetFile, the bulk import's check)
 * report the same problems and warnings, path for path and message for
 * message, and the file check names the line each record starts on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatasetFile } from '../../src/dataset/check-file.ts';
import { validateDataset, type Problem } from '../../src/dataset/validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'fugong-check-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Doc = Record<string, unknown[]>;

/** Qingyang's aviation plant and its Tianjin Binhai supplier, Tianjin's district directly under the municipality. */
function baseDoc(): Doc {
  return {
    regions: [
      { code: '510000', name: '四川省', level: 'PROVINCE', parent: null },
      { code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
      { code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' },
      { code: '120000', name: '天津市', level: 'PROVINCE' },
      { code: '120116', name: '滨海新区', level: 'DISTRICT', parent: '120000' },
    ],
    agencies: [
      { id: 'agency-qingyang', name: '成都市青羊区新经济和科技局', region: '510105' },
      { id: 'agency-tianjin', name: '天津市工业和信息化局', region: '120000' },
    ],
    enterprises: [
      { id: 'ent-a', name: '航空企业', region: '510105', status: 'OPERATING', workforce: 300 },
      { id: 'ent-b', name: '元器件厂', region: '120116', status: 'SUSPENDED', expectedResumeDate: '2020-02-20' },
      { id: 'ent-c', name: '测温零件厂', region: '510105', status: 'OPERATING' },
    ],
    components: [
      { id: 'cmp-x', name: '航空电连接器' },
      { id: 'cmp-t', name: '测温探头' },
    ],
    makes: [
      { enterprise: 'ent-b', component: 'cmp-x' },
      { enterprise: 'ent-c', component: 'cmp-t', capacityPerDay: 500 },
    ],
    needs: [{ enterprise: 'ent-a', component: 'cmp-x', stockDays: 3 }],
    supplies: [{ supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x', share: 1 }],
    users: [{ id: 'user-qingyang', name: '张三', agency: 'agency-qingyang', role: 'COORDINATOR' }],
    applications: [
      {
        id: 'app-1',
        enterprise: 'ent-a',
        status: 'ON_SITE_CHECK',
        filedOn: '2020-02-03',
        plannedDate: '2020-02-07',
        workforceReturning: 300,
        measures: ['MASKS'],
        events: [
          { kind: 'FILED', at: '2020-02-03T09:00:00+08:00', actor: 'user-qingyang', agency: 'agency-qingyang' },
          { kind: 'CHECK_STARTED', at: '2020-02-04T09:00:00+08:00', actor: 'user-qingyang', agency: 'agency-qingyang', note: '现场核查' },
        ],
      },
    ],
  };
}

/** The base document changed by `change`. */
function bad(change: (doc: Doc) => void): Doc {
  const doc = baseDoc();
  change(doc);
  return doc;
}

const region = (code: string, name: string, level: string, parent: string | null) => ({ code, name, level, parent });

const DOCUMENTS: [string, Doc][] = [
  ['an unknown enum value', bad((d) => (d.enterprises![0] = { id: 'ent-a', name: '航空企业', region: '510105', status: 'RUNNING' }))],
  ['an unknown region level', bad((d) => (d.regions![2] = region('510105', '青羊区', 'COUNTY', '510100')))],
  ['an unknown field', bad((d) => (d.enterprises![1] = { ...(d.enterprises![1] as object), expectedResumeData: '2020-02-20' }))],
  ['a field name that is not an identifier', bad((d) => (d.components![0] = { id: 'cmp-x', name: '部件', 'unit price': 3 }))],
  ['a missing required field', bad((d) => (d.agencies![0] = { id: 'agency-qingyang', region: '510105' }))],
  ['a record that is not an object', bad((d) => (d.components![0] = 'cmp-x'))],
  ['an empty name', bad((d) => (d.components![1] = { id: 'cmp-t', name: '' }))],
  ['a wrong type', bad((d) => (d.enterprises![2] = { id: 'ent-c', name: '测温零件厂', region: '510105', status: 'OPERATING', industry: 7, epidemicCritical: 'yes' }))],
  ['a region code that is not six digits', bad((d) => (d.agencies![0] = { id: 'agency-qingyang', name: '局', region: '51010' }))],
  ['a dangling region of an agency and an enterprise', bad((d) => {
    d.agencies![1] = { id: 'agency-tianjin', name: '天津市工业和信息化局', region: '120199' };
    d.enterprises![2] = { id: 'ent-c', name: '测温零件厂', region: '510199', status: 'OPERATING' };
  })],
  ['a dangling enterprise in makes, needs and supplies', bad((d) => {
    d.makes!.push({ enterprise: 'ent-q', component: 'cmp-x' });
    d.needs!.push({ enterprise: 'ent-z', component: 'cmp-t' });
    d.supplies!.push({ supplier: 'ent-s', customer: 'ent-y', component: 'cmp-t' });
  })],
  ['a dangling component', bad((d) => {
    d.makes![1] = { enterprise: 'ent-c', component: 'cmp-q' };
    d.supplies!.push({ supplier: 'ent-c', customer: 'ent-a', component: 'cmp-y' });
  })],
  ['a user of an unknown agency', bad((d) => d.users!.push({ id: 'user-2', name: 'Li', agency: 'agency-nowhere', role: 'VIEWER' }))],
  ['a user with an unknown role', bad((d) => d.users!.push({ id: 'user-2', name: 'Li', agency: 'agency-tianjin', role: 'OWNER' }))],
  ['duplicate keys in every array', bad((d) => {
    d.regions!.push(region('510105', '青羊区', 'DISTRICT', '510100'));
    d.agencies!.push({ id: 'agency-qingyang', name: '另一个局', region: '510100' });
    d.enterprises!.push({ id: 'ent-a', name: '同名企业', region: '510105', status: 'CLOSED' });
    d.components!.push({ id: 'cmp-x', name: '另一个部件' });
    d.users!.push({ id: 'user-qingyang', name: '李四', agency: 'agency-tianjin', role: 'VIEWER' });
  })],
  ['a duplicate region with a parent of the wrong level', bad((d) => d.regions!.push(region('510105', '青羊区', 'DISTRICT', '120116')))],
  ['duplicate edges', bad((d) => {
    d.makes!.push({ enterprise: 'ent-b', component: 'cmp-x', capacityPerDay: 10 });
    d.needs!.push({ enterprise: 'ent-a', component: 'cmp-x' });
    d.supplies!.push({ supplier: 'ent-c', customer: 'ent-a', component: 'cmp-t' });
    d.supplies!.push({ supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x', share: 0.5 });
    d.supplies!.push({ supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x' });
  })],
  ['duplicate edges with unknown ends', bad((d) => {
    d.needs!.push({ enterprise: 'ent-z', component: 'cmp-x' }, { enterprise: 'ent-z', component: 'cmp-x' });
    d.needs!.push({ enterprise: 'ent-a', component: 'cmp-q' }, { enterprise: 'ent-a', component: 'cmp-q' });
    d.supplies!.push({ supplier: 'ent-s', customer: 'ent-a', component: 'cmp-x' }, { supplier: 'ent-s', customer: 'ent-a', component: 'cmp-x' });
  })],
  ['a district under a province that is not a municipality', bad((d) => d.regions!.push(region('510199', '某区', 'DISTRICT', '510000')))],
  ['a city under a city and a district under a district', bad((d) => {
    d.regions!.push(region('510700', '绵阳市', 'CITY', '510100'));
    d.regions!.push(region('510800', '广元市', 'CITY', '510105'));
    d.regions!.push(region('510104', '锦江区', 'DISTRICT', '510105'));
  })],
  ['a province with a parent, a city and a district without one', bad((d) => {
    d.regions![3] = region('120000', '天津市', 'PROVINCE', '510000');
    d.regions![1] = { code: '510100', name: '成都市', level: 'CITY' };
    d.regions!.push(region('510106', '金牛区', 'DISTRICT', null));
  })],
  ['an unknown parent region', bad((d) => (d.regions![2] = region('510105', '青羊区', 'DISTRICT', '510199')))],
  ['an enterprise located in a city', bad((d) => (d.enterprises![2] = { id: 'ent-c', name: '测温零件厂', region: '510100', status: 'OPERATING' }))],
  ['dates that do not exist or are not YYYY-MM-DD', bad((d) => {
    d.enterprises![1] = { id: 'ent-b', name: '元器件厂', region: '120116', status: 'SUSPENDED', expectedResumeDate: '2020-02-30' };
    d.enterprises!.push({ id: 'ent-d', name: '企业', region: '510105', status: 'SUSPENDED', expectedResumeDate: '2020-2-20' });
  })],
  ['a date on an enterprise that is not suspended', bad((d) => (d.enterprises![0] = { ...(d.enterprises![0] as object), expectedResumeDate: '2020-02-04' }))],
  ['negative and out-of-range numbers', bad((d) => {
    d.enterprises![0] = { id: 'ent-a', name: '航空企业', region: '510105', status: 'OPERATING', workforce: -5 };
    d.makes![0] = { enterprise: 'ent-b', component: 'cmp-x', capacityPerDay: -1 };
    d.needs![0] = { enterprise: 'ent-a', component: 'cmp-x', stockDays: 1.5 };
    d.supplies![0] = { supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x', share: 1.5 };
  })],
  ['a supplier supplying itself', bad((d) => d.supplies!.push({ supplier: 'ent-c', customer: 'ent-c', component: 'cmp-t' }))],
  ['a supplier that does not make what it delivers', bad((d) => d.supplies!.push({ supplier: 'ent-a', customer: 'ent-c', component: 'cmp-x' }))],
  ['a shape error beside a dangling reference in one record', bad((d) => {
    d.enterprises![0] = { id: 'ent-a', name: '航空企业', region: '510199', status: 'OPERATING', workforce: -1 };
    d.enterprises![1] = { id: 'ent-b', name: '元器件厂', region: '12011', status: 'SUSPENDED' };
  })],
  ['applications that break their rules', bad((d) => {
    const first = d.applications![0] as Record<string, unknown>;
    d.applications!.push(
      { ...first, id: 'app-2', status: 'FILED', events: [] },
      { ...first, id: 'app-3', enterprise: 'ent-x', status: 'REFUSED', commitment: true },
      { ...first, id: 'app-1', status: 'APPROVED', decidedOn: '2020-01-01', events: [{ kind: 'APPROVED', at: '2020-02-05', actor: '', agency: 'agency-nowhere' }] },
    );
  })],
  ['a cycle in the region tree', bad((d) => {
    d.regions!.push(region('510700', '绵阳市', 'CITY', '510703'));
    d.regions!.push(region('510703', '涪城区', 'DISTRICT', '510700'));
    d.regions!.push(region('510800', '广元市', 'CITY', '510800'));
  })],
  ['names and ids longer than Neo4j indexes', bad((d) => {
    d.enterprises![0] = { id: 'ent-a', name: '航'.repeat(2 * 1024 * 1024), region: '510105', status: 'OPERATING' };
    d.components!.push({ id: `cmp-${'x'.repeat(1000)}`, name: '部件', category: 'c'.repeat(1001) });
    d.enterprises![2] = { id: 'ent-c', name: '测温零件厂', region: '510105', status: 'OPERATING', note: 'n'.repeat(4001) };
  })],
  ['no regions', bad((d) => delete d.regions)],
  ['a valid document', baseDoc()],
];

/** The layout `npm run generate` writes, one record per line, and the line of each record by its path. */
function lineLayout(doc: Doc): { text: string; lines: Map<string, number> } {
  const out: string[] = [];
  const lines = new Map<string, number>();
  const arrays = Object.entries(doc);
  arrays.forEach(([name, records], a) => {
    out.push(`${a === 0 ? '{' : '],'}${JSON.stringify(name)}:[`);
    records.forEach((record, i) => {
      out.push(`${JSON.stringify(record)}${i < records.length - 1 ? ',' : ''}`);
      lines.set(`${name}[${i}]`, out.length);
    });
  });
  out.push(arrays.length === 0 ? '{}' : ']}');
  return { text: `${out.join('\n')}\n`, lines };
}

function byPathAndMessage(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`).sort();
}

function inMemory(doc: Doc): { problems: Problem[]; warnings: Problem[] } {
  const result = validateDataset(doc);
  return { problems: result.ok ? [] : result.problems, warnings: result.warnings };
}

let files = 0;
function writeDocument(text: string): string {
  const path = join(dir, `document-${files++}.json`);
  writeFileSync(path, text);
  return path;
}

describe('the file check and validateDataset', () => {
  it.each(DOCUMENTS)('report the same problems for %s, the file check with the line of each record', async (what, doc) => {
    const expected = inMemory(doc);
    if (what === 'a valid document') expect(expected).toEqual({ problems: [], warnings: [] });
    else expect(expected.problems.length + expected.warnings.length, 'the document must be bad').toBeGreaterThan(0);

    const { text, lines } = lineLayout(doc);
    const check = await checkDatasetFile(writeDocument(text));
    expect(byPathAndMessage(check.problems)).toEqual(byPathAndMessage(expected.problems));
    expect(byPathAndMessage(check.warnings)).toEqual(byPathAndMessage(expected.warnings));
    expect(check.problemCount).toBe(expected.problems.length);
    expect(check.warningCount).toBe(expected.warnings.length);
    for (const found of [...check.problems, ...check.warnings]) {
      const record = /^\w+\[\d+\]/.exec(found.path)?.[0];
      // A problem of the document itself (no regions) is at its first line.
      expect(found.line, found.path).toBe(record === undefined ? 1 : lines.get(record));
    }
  });

  it.each(DOCUMENTS)('report the same problems for %s when the file is pretty-printed JSON', async (_, doc) => {
    const expected = inMemory(doc);
    const check = await checkDatasetFile(writeDocument(JSON.stringify(doc, null, 2)));
    expect(byPathAndMessage(check.problems)).toEqual(byPathAndMessage(expected.problems));
    expect(byPathAndMessage(check.warnings)).toEqual(byPathAndMessage(expected.warnings));
  });

  it('list problems in document order, both of them', async () => {
    const doc = DOCUMENTS.find(([what]) => what === 'duplicate keys in every array')![1];
    const check = await checkDatasetFile(writeDocument(lineLayout(doc).text));
    expect(check.problems.map(({ path, message }) => ({ path, message }))).toEqual(inMemory(doc).problems);
  });
});

describe('the file check', () => {
  it('reports an array that comes before an array it refers to as the one problem, at its line', async () => {
    const { regions, enterprises } = baseDoc();
    const check = await checkDatasetFile(writeDocument(lineLayout({ enterprises: enterprises!, regions: regions! }).text));
    expect(check.problemCount).toBe(1);
    expect(check.problems[0]).toMatchObject({ line: 6, path: 'regions', message: expect.stringMatching(/^"regions" comes after "enterprises"/) });
  });

  it('hands each record with a valid shape to onRecord, normalised', async () => {
    const seen: [string, unknown][] = [];
    await checkDatasetFile(writeDocument(lineLayout(baseDoc()).text), { onRecord: (array, record) => seen.push([array, record]) });
    expect(seen).toHaveLength(Object.values(baseDoc()).reduce((sum, records) => sum + records.length, 0));
    expect(seen).toContainEqual(['makes', { enterprise: 'ent-b', component: 'cmp-x', capacityPerDay: null }]);
    expect(seen).toContainEqual(['regions', { code: '120000', name: '天津市', level: 'PROVINCE', parent: null }]);
  });
});
