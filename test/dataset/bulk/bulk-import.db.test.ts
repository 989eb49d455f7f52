/**
 * bulkImport into a fresh embedded store of its own, started once, against
 * the same document loaded through writeDataset into the shared test
 * database: the two graphs must be equal, node by node and relationship by
 * relationship, property types included. And a document with problems
 * writes nothing and names their lines.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatasetText } from '../../../src/dataset/generate.ts';
import { validateDataset } from '../../../src/dataset/validate.ts';
import { writeDataset } from '../../../src/dataset/writer.ts';
import { Database } from '../../../src/neo4j/database.ts';
import { BulkImportError, bulkImport, type BulkImportResult } from '../../../src/dataset/bulk/bulk-import.ts';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../../src/neo4j/embedded/runtime.ts';
import { connectTestDatabase, emptyGraph } from '../../support/graph.ts';

const cacheDir = process.env.NEO4J_CACHE_DIR ?? '.cache/neo4j';
const dir = mkdtempSync(join(tmpdir(), 'fugong-bulk-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Document = Record<string, Record<string, unknown>[]>;

/** The layout npm run generate writes: one record per line. */
function lineLayout(doc: Document): string {
  const arrays = Object.entries(doc).map(
    ([name, records]) => `${JSON.stringify(name)}:[\n${records.map((r) => `${JSON.stringify(r)}`).join(',\n')}${records.length > 0 ? '\n' : ''}]`,
  );
  return `{${arrays.join(',')}}\n`;
}

/** What the generator never writes: Chinese text, quotes, commas and line breaks, empty strings, absent fields, shared ids, users, the API's ids. */
function withEdgeCases(doc: Document): Document {
  const agency = doc.agencies![0]!.id as string;
  return {
    regions: [
      ...doc.regions!,
      { code: '990000', name: '测试省', level: 'PROVINCE', parent: null },
      { code: '990100', name: '测试市', level: 'CITY', parent: '990000' },
      { code: '990101', name: '青羊区 "试验", 第一', level: 'DISTRICT', parent: '990100' },
    ],
    agencies: [...doc.agencies!, { id: 'agency-测试', name: '测试市经济和信息化局', region: '990100' }],
    enterprises: [
      ...doc.enterprises!,
      {
        id: 'ent-中文',
        name: '成都青羊航空零件有限公司, "甲"',
        region: '990101',
        industry: '',
        status: 'SUSPENDED',
        workforce: 0,
        epidemicCritical: true,
        expectedResumeDate: '2020-02-29',
        note: '第一行\n第二行 "引号", 逗号\\反斜杠 😷',
      },
      { id: 'ent-min', name: '  Minimal  ', region: '990101', status: 'OPERATING' },
      // The same id as a component: ID spaces per label keep them apart.
      { id: 'shared-id', name: '熔喷布厂', region: '990101', industry: '纺织', status: 'OPERATING', workforce: 120, note: null },
    ],
    components: [...doc.components!, { id: 'shared-id', name: '熔喷布', category: null }, { id: 'cmp-x', name: 'x' }],
    makes: [...doc.makes!, { enterprise: 'shared-id', component: 'shared-id', capacityPerDay: 12.5 }, { enterprise: 'ent-min', component: 'cmp-x' }],
    needs: [...doc.needs!, { enterprise: 'ent-中文', component: 'shared-id', stockDays: 3 }, { enterprise: 'ent-min', component: 'shared-id', stockDays: null }],
    supplies: [
      ...doc.supplies!,
      { supplier: 'shared-id', customer: 'ent-中文', component: 'shared-id', share: 0.25 },
      { supplier: 'shared-id', customer: 'ent-min', component: 'shared-id' },
    ],
    users: [
      { id: 'user-张三', name: '张三', agency: 'agency-测试', role: 'COORDINATOR' },
      { id: 'user-2', name: 'Li', agency, role: 'VIEWER' },
    ],
    applications: [
      {
        id: 'app-中文',
        enterprise: 'ent-中文',
        status: 'CITY_RECHECK',
        filedOn: '2020-02-03',
        plannedDate: '2020-02-10',
        workforceReturning: 150,
        measures: ['TEMPERATURE_CHECKS', 'ISOLATION_ROOM'],
        note: '扩大复工, "第二批"\n返岗',
        events: [
          { kind: 'FILED', at: '2020-02-03T09:00:00+08:00', actor: 'user-张三', agency: 'agency-测试' },
          { kind: 'CHECK_STARTED', at: '2020-02-04T09:30:00+08:00', actor: 'user-张三', agency: 'agency-测试', note: '现场核查, 第一次' },
          { kind: 'RECHECK_REQUESTED', at: '2020-02-04T01:30:00Z', actor: 'user-张三', agency: 'agency-测试' },
        ],
      },
      {
        id: 'app-min',
        enterprise: 'ent-min',
        status: 'APPROVED',
        filedOn: '2020-02-01',
        plannedDate: '2020-02-02',
        workforceReturning: 0,
        commitment: true,
        documentsDue: '2020-02-14',
        decidedOn: '2020-02-01',
      },
      {
        id: 'app-refused',
        enterprise: 'ent-min',
        status: 'REFUSED',
        filedOn: '2020-01-20',
        plannedDate: '2020-01-25',
        workforceReturning: 12,
        measures: [],
        decidedOn: '2020-01-22',
        refusalReason: '未设置隔离观察室',
        events: [
          { kind: 'FILED', at: '2020-01-20T10:00:00+08:00', actor: 'user-2', agency },
          { kind: 'CHECK_STARTED', at: '2020-01-21T10:00:00+08:00', actor: 'user-2', agency },
          { kind: 'REFUSED', at: '2020-01-22T10:00:00+08:00', actor: 'user-2', agency, note: null },
        ],
      },
    ],
    restrictions: [
      { id: 'restriction-区', supply: null, region: '990101', direction: 'OUTBOUND', from: '2020-02-01', until: '2020-02-12', note: '区界检查' },
      { id: 'RS-000007', supply: { supplier: 'shared-id', customer: 'ent-中文', component: 'shared-id' }, from: '2020-02-03' },
    ],
    loans: [
      { id: 'LN-000003', lender: 'shared-id', borrower: 'ent-min', component: 'shared-id', quantity: 12.5, unit: '件', coverDays: 7, start: '2020-02-05', returnBy: '2020-02-20' },
    ],
    helpRequests: [{ id: 'HR-000005', enterprise: 'ent-min', component: 'shared-id', quantity: 3, unit: '卷', neededBy: '2020-02-08', note: '急需' }],
    helpOffers: [{ id: 'HO-000002', enterprise: 'shared-id', component: 'shared-id', quantity: 40, unit: '卷', until: '2020-02-28', withdrawnOn: '2020-02-10' }],
  };
}

const LABELS = ['Region', 'Agency', 'Enterprise', 'Component', 'User', 'Restriction', 'Loan', 'HelpRequest', 'HelpOffer', 'ResumptionApplication', 'RequestEvent', 'OpenApplication', 'Counter'];
const TYPES = ['PART_OF', 'GOVERNS', 'LOCATED_IN', 'MAKES', 'NEEDS', 'SUPPLIES', 'MEMBER_OF', 'FOR', 'HAS_EVENT', 'OPEN_APPLICATION'];
/** A node's key: the id or code of most labels; an open-application marker's enterprise; an event's subject and number; a counter's name. */
const KEY = 'coalesce(n.id, n.code, n.enterpriseId, n.requestId + "#" + toString(n.seq), n.name)';

interface Row {
  [key: string]: unknown;
  types: string[];
}

/** Every node and relationship of the dataset's labels and types, with properties and their Cypher types, in a stable order. */
async function snapshot(db: Database): Promise<{ nodes: Row[]; relationships: Row[] }> {
  const nodes = await db.query(
    { operation: 'test.snapshot' },
    `MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels)
     RETURN labels(n) AS labels, properties(n) AS props, [k IN keys(n) | k + ': ' + valueType(n[k])] AS types
     ORDER BY labels[0], ${KEY}`,
    { labels: LABELS },
  );
  const relationships = await db.query(
    { operation: 'test.snapshot' },
    `MATCH (a)-[r]->(b) WHERE type(r) IN $types
     RETURN type(r) AS type, labels(a)[0] AS fromLabel, ${KEY.replaceAll('n.', 'a.')} AS from, labels(b)[0] AS toLabel,
            ${KEY.replaceAll('n.', 'b.')} AS to, properties(r) AS props, [k IN keys(r) | k + ': ' + valueType(r[k])] AS types
     ORDER BY type, from, to, r.component`,
    { types: TYPES },
  );
  // Property order is the store's business, not the graph's.
  const rows = (records: typeof nodes.records) => records.map((r) => ({ ...r.toObject(), types: [...(r.get('types') as string[])].sort() }) as Row);
  return { nodes: rows(nodes.records), relationships: rows(relationships.records) };
}

function countBy(rows: Row[], key: (row: Row) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1;
  return counts;
}

describe('bulk import into a new embedded store', () => {
  const home = join(dir, 'good');
  let document: Document;
  let result: BulkImportResult;
  let server: EmbeddedNeo4j | undefined;
  let imported: Database;
  let shared: Database;
  const logged: string[] = [];

  beforeAll(async () => {
    const generated = JSON.parse((await generateDatasetText({ enterprises: 300, seed: 11 })).text) as Document;
    document = withEdgeCases(generated);
    const path = join(dir, 'good.json');
    writeFileSync(path, lineLayout(document));
    result = await bulkImport({ home, cacheDir, datasetPath: path, log: (m) => logged.push(m), heap: '512m', maxOffHeapMemory: '512m' });
    server = await startEmbeddedNeo4j({ home, cacheDir, heap: '512m', pageCache: '64m' });
    imported = Database.connect(server, 'neo4j');

    shared = connectTestDatabase();
    await emptyGraph(shared);
    const validation = validateDataset(document);
    if (!validation.ok) throw new Error(`the test document is invalid: ${JSON.stringify(validation.problems.slice(0, 3))}`);
    await writeDataset(shared, validation.dataset);
  }, 300_000);

  afterAll(async () => {
    await imported?.close();
    await shared?.close();
    await server?.stop();
  });

  it('reports what it read and imported, and removes its CSV files', () => {
    expect(result.counts).toEqual({
      regions: document.regions!.length,
      agencies: document.agencies!.length,
      enterprises: 303,
      components: document.components!.length,
      makes: document.makes!.length,
      needs: document.needs!.length,
      supplies: document.supplies!.length,
      users: 2,
      restrictions: 2,
      loans: 1,
      helpRequests: 1,
      helpOffers: 1,
      applications: 3,
    });
    // Applications bring their 6 events and the one open application's marker; the API's ids, the 4 counters of their kinds.
    expect(result.nodes).toBe(
      document.regions!.length + document.agencies!.length + 303 + document.components!.length + 2 + 5 + 3 + 6 + 1 + 4,
    );
    expect(result.seconds).toBeGreaterThan(0);
    expect(logged.some((line) => line.includes('IMPORT DONE'))).toBe(true);
    expect(existsSync(join(home, 'import'))).toBe(false);
  });

  it('writes the graph writeDataset writes: every node, relationship and property, with its type', async () => {
    const [bulk, written] = await Promise.all([snapshot(imported), snapshot(shared)]);
    const byLabel = (row: Row) => (row.labels as string[]).join(':');
    expect(countBy(bulk.nodes, byLabel)).toEqual(countBy(written.nodes, byLabel));
    expect(countBy(bulk.relationships, (row) => row.type as string)).toEqual(countBy(written.relationships, (row) => row.type as string));
    expect(bulk.nodes.length).toBe(result.nodes);
    expect(bulk.relationships.length).toBe(result.relationships);
    expect(bulk.nodes).toEqual(written.nodes);
    expect(bulk.relationships).toEqual(written.relationships);
  });

  it('keeps text intact, stores dates as dates and numbers as floats, and leaves null fields out', async () => {
    const { records } = await imported.query(
      { operation: 'test' },
      `MATCH (e:Enterprise) WHERE e.id IN ['ent-中文', 'ent-min']
       RETURN e.id AS id, properties(e) AS props, valueType(e.expectedResumeDate) AS date, valueType(e.workforce) AS workforce
       ORDER BY id`,
    );
    const [min, chinese] = records.map((r) => r.toObject());
    expect(chinese!.props).toMatchObject({
      name: '成都青羊航空零件有限公司, "甲"',
      industry: '',
      note: '第一行\n第二行 "引号", 逗号\\反斜杠 😷',
      epidemicCritical: true,
    });
    expect(chinese!.date).toBe('DATE NOT NULL');
    expect(String(chinese!.props.expectedResumeDate)).toBe('2020-02-29');
    expect(min!.props).toEqual({ id: 'ent-min', name: '  Minimal  ', status: 'OPERATING', workforce: 0, epidemicCritical: false });
    expect(min!.workforce).toBe('FLOAT NOT NULL');
    const shared = await imported.query(
      { operation: 'test' },
      `MATCH (e:Enterprise {id: 'shared-id'})-[m:MAKES]->(c:Component {id: 'shared-id'}) RETURN c.name AS name, keys(c) AS keys, m.capacityPerDay AS capacity`,
    );
    expect(shared.records.map((r) => r.toObject())).toEqual([{ name: '熔喷布', keys: expect.arrayContaining(['id', 'name']), capacity: 12.5 }]);
    expect(shared.records[0]!.get('keys')).not.toContain('category');
  });

  it('numbers the API\'s next ids of each kind after the highest it brought in', async () => {
    const { records } = await imported.query({ operation: 'test' }, 'MATCH (c:Counter) RETURN c.name AS name, c.value AS value ORDER BY name');
    expect(records.map((r) => r.toObject())).toEqual([
      { name: 'HelpOffer', value: 2 },
      { name: 'HelpRequest', value: 5 },
      { name: 'Loan', value: 3 },
      { name: 'Restriction', value: 7 },
    ]);
  });
});

describe('bulk import of a document with problems', () => {
  const region = (code: string, level: string, parent: string | null) => ({ code, name: `区域${code}`, level, parent });
  const enterprise = (id: string, regionCode: string) => ({ id, name: id, region: regionCode, status: 'OPERATING' });

  async function rejection(doc: Document): Promise<{ error: BulkImportError; home: string }> {
    const home = mkdtempSync(join(dir, 'bad-'));
    const path = join(home, 'dataset.json');
    writeFileSync(path, lineLayout(doc));
    const error = await bulkImport({ home, cacheDir, datasetPath: path }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BulkImportError);
    return { error: error as BulkImportError, home };
  }

  it('writes nothing and lists each problem with its line and path', async () => {
    const { error, home } = await rejection({
      regions: [region('990000', 'PROVINCE', null), region('990100', 'CITY', '990000'), region('990101', 'DISTRICT', '990100')],
      enterprises: [enterprise('e1', '990101'), enterprise('e2', '990199'), enterprise('e3', '990100'), enterprise('e1', '990101')],
      components: [{ id: 'c1', name: 'c1', category: null }],
      makes: [{ enterprise: 'e1', component: 'c1', capacityPerDay: -1 }],
      supplies: [
        { supplier: 'e1', customer: 'e9', component: 'c1', share: null },
        { supplier: 'e1', customer: 'e2', component: 'c1', share: null },
        { supplier: 'e1', customer: 'e2', component: 'c1', share: 0.5 },
      ],
    });
    // Lines: 1 `{"regions":[`, 2-4 regions, 5 `],"enterprises":[`, 6-9 enterprises, 10, 11 component, 12, 13 makes, 14, 15-17 supplies.
    expect(error.problems.map((p) => `${p.line} ${p.path}`)).toEqual([
      '7 enterprises[1].region',
      '8 enterprises[2].region',
      '9 enterprises[3].id',
      '13 makes[0].capacityPerDay',
      '15 supplies[0].customer',
      '17 supplies[2]',
    ]);
    expect(error.problemCount).toBe(6);
    expect(error.message).toContain('6 problem(s), nothing was written');
    expect(error.message).toContain('line 7: enterprises[1].region: unknown region "990199"; add that region to regions or correct the code');
    expect(error.message).toContain('line 8: enterprises[2].region: "990100" (区域990100) is a CITY; an enterprise must be located in a DISTRICT');
    expect(error.message).toContain('line 15: supplies[0].customer: unknown enterprise "e9"');
    expect(error.message).toContain('line 17: supplies[2]: duplicate of supplies[1]');
    expect(existsSync(join(home, 'data', 'databases', 'neo4j'))).toBe(false);
    expect(existsSync(join(home, 'import'))).toBe(false);
  });

  it('refuses arrays that come before those they refer to', async () => {
    const { error, home } = await rejection({
      enterprises: [enterprise('e1', '990101')],
      regions: [region('990000', 'PROVINCE', null)],
    });
    expect(error.message).toMatch(/line 4: regions: "regions" comes after "enterprises"/);
    expect(existsSync(join(home, 'data', 'databases', 'neo4j'))).toBe(false);
  });
});
