/**
 * Every form `npm run import` reads, checked by the one checker: the same
 * records come out of each, a GB18030 file is recognised, a byte order mark
 * and quoted commas and newlines are read as a spreadsheet means them,
 * Chinese headers name their fields, and each problem names the file and
 * line (or sheet and row) and the column at fault.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import yazl from 'yazl';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSource, formatSourceProblems, type SourceCheck } from '../../src/dataset/check-source.ts';
import { TABLE_COLUMNS, CHINESE_HEADERS } from '../../src/dataset/columns.ts';
import { writeExport, type ExportFormat } from '../../src/dataset/export-formats.ts';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray, type NormalisedDataset } from '../../src/dataset/format.ts';
import { generateDataset } from '../../src/dataset/generate.ts';
import { validateDataset } from '../../src/dataset/validate.ts';
import { SourceReadError } from '../../src/dataset/sources.ts';

const dir = mkdtempSync(join(tmpdir(), 'fugong-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = (() => {
  const validation = validateDataset(JSON.parse(readFileSync(new URL('../../seeds/qingyang-2020.json', import.meta.url), 'utf8')));
  if (!validation.ok) throw new Error('the seed does not validate');
  return validation.dataset;
})();

async function* recordsOf(dataset: NormalisedDataset) {
  for (const array of DATASET_RECORD_ARRAYS) for (const record of dataset[array]) yield { array, record: record as unknown as Record<string, unknown> };
}

async function read(path: string, encoding?: 'utf8' | 'gb18030'): Promise<{ check: SourceCheck; records: Record<DatasetRecordArray, unknown[]>; report: string }> {
  const records = Object.fromEntries(DATASET_RECORD_ARRAYS.map((array) => [array, []])) as unknown as Record<DatasetRecordArray, unknown[]>;
  const check = await checkSource(path, { encoding, onRecord: (array, record) => records[array].push(record) });
  return { check, records, report: formatSourceProblems(check.problems, check.problemCount, check.moreProblems) };
}

let n = 0;
function folder(files: Record<string, string | Buffer>): string {
  const path = join(dir, `csv-${n++}`);
  mkdirSync(path);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(path, name), content);
  return path;
}

const REGIONS_CSV = 'code,name,level,parent\n510000,四川省,PROVINCE,\n510100,成都市,CITY,510000\n510105,青羊区,DISTRICT,510100\n';

describe('every format gives back the records it was written from', () => {
  const cases: [ExportFormat, string, 'fields' | 'zh'][] = [
    ['json', 'seed.json', 'fields'],
    ['ndjson', 'seed.ndjson', 'fields'],
    ['csv', 'seed-csv', 'fields'],
    ['csv', 'seed-csv-zh', 'zh'],
    ['xlsx', 'seed.xlsx', 'fields'],
    ['xlsx', 'seed-zh.xlsx', 'zh'],
  ];
  for (const [format, name, headers] of cases) {
    it(`${format}${headers === 'zh' ? ' with Chinese headers' : ''}: the seed, every table, no problem`, async () => {
      const out = join(dir, name);
      await writeExport(recordsOf(seed), { format, out, headers });
      const { check, records, report } = await read(out);
      expect(report).toBe('');
      for (const array of DATASET_RECORD_ARRAYS) expect(records[array], array).toEqual(seed[array]);
      // Every table is there, the empty ones too (as a header row, or an empty array); NDJSON has no empty table.
      const expected = format === 'ndjson' ? DATASET_RECORD_ARRAYS.filter((array) => seed[array].length > 0) : DATASET_RECORD_ARRAYS;
      expect([...check.summary.arrays].sort()).toEqual([...expected].sort());
    });
  }

  it('a generated network, through CSV and xlsx', async () => {
    const path = join(dir, 'generated.json');
    const file = createWriteStream(path);
    await generateDataset({ enterprises: 300, seed: 7 }, file);
    file.end();
    await finished(file);
    const validation = validateDataset(JSON.parse(readFileSync(path, 'utf8')));
    if (!validation.ok) throw new Error('generated dataset does not validate');
    for (const format of ['csv', 'xlsx', 'ndjson'] as const) {
      const out = join(dir, `generated.${format}`);
      await writeExport(recordsOf(validation.dataset), { format, out });
      const { records, check } = await read(out);
      expect(check.problemCount, format).toBe(0);
      for (const array of DATASET_RECORD_ARRAYS) expect(records[array], `${format} ${array}`).toEqual(validation.dataset[array]);
    }
  });

  it('a zip of the CSV files reads as the folder does', async () => {
    const csv = join(dir, 'zip-src');
    await writeExport(recordsOf(seed), { format: 'csv', out: csv });
    const zip = new yazl.ZipFile();
    // In a folder of the archive and out of table order: the names decide.
    for (const table of [...DATASET_RECORD_ARRAYS].reverse()) zip.addFile(join(csv, `${table}.csv`), `export/${table}.csv`);
    zip.end();
    const path = join(dir, 'seed.zip');
    const out = createWriteStream(path);
    zip.outputStream.pipe(out);
    await finished(out);
    const { records, report } = await read(path);
    expect(report).toBe('');
    for (const array of DATASET_RECORD_ARRAYS) expect(records[array], array).toEqual(seed[array]);
  });
});

describe('CSV text', () => {
  it('recognises GB18030, as Excel in China saves CSV, and reads its Chinese', async () => {
    const enterprises = 'id,name,region,status,industry\nfx-a,成都青航精密机械有限公司,510105,OPERATING,航空零部件制造\n';
    const path = folder({ 'regions.csv': iconv.encode(REGIONS_CSV, 'gb18030'), 'enterprises.csv': iconv.encode(enterprises, 'gb18030') });
    const { check, records, report } = await read(path);
    expect(report).toBe('');
    expect(check.summary.encoding).toBe('gb18030');
    expect(records.regions.map((r) => (r as { name: string }).name)).toEqual(['四川省', '成都市', '青羊区']);
    expect(records.enterprises[0]).toMatchObject({ name: '成都青航精密机械有限公司', industry: '航空零部件制造' });
  });

  it('reads UTF-8 as UTF-8, and takes the encoding when told', async () => {
    const path = folder({ 'regions.csv': REGIONS_CSV });
    expect((await read(path)).check.summary.encoding).toBe('utf8');
    // Told GB18030, UTF-8 bytes read as other characters: the encoding given wins over detection.
    const forced = await read(path, 'gb18030');
    expect(forced.check.summary.encoding).toBe('gb18030');
    expect(forced.records.regions.map((r) => (r as { name: string }).name)).not.toContain('四川省');
  });

  it('drops a byte order mark, so the first column keeps its name', async () => {
    const path = folder({ 'regions.csv': `\ufeff${REGIONS_CSV}` });
    const { records, report } = await read(path);
    expect(report).toBe('');
    expect(records.regions[0]).toEqual({ code: '510000', name: '四川省', level: 'PROVINCE', parent: null });
  });

  it('reads quoted commas and line breaks inside a field, and still names the right line after them', async () => {
    const enterprises = [
      'id,name,region,status,note',
      'fx-a,"甲厂, 青羊",510105,OPERATING,"第一行\r\n第二行, 有逗号\r\n第三行"',
      'fx-b,乙厂,510199,OPERATING,',
    ].join('\r\n');
    const path = folder({ 'regions.csv': REGIONS_CSV, 'enterprises.csv': `${enterprises}\r\n` });
    const { records, check } = await read(path);
    expect(records.enterprises[0]).toMatchObject({ name: '甲厂, 青羊', note: '第一行\r\n第二行, 有逗号\r\n第三行' });
    // fx-b starts on line 5: the quoted note of line 2 spans three lines.
    expect(check.problems).toEqual([
      { where: join(path, 'enterprises.csv:5'), field: 'region', message: 'unknown region "510199"; add that region to regions or correct the code' },
    ]);
  });

  it('takes the Chinese headers that export writes', async () => {
    const header = TABLE_COLUMNS.enterprises.map((c) => c.zh).join(',');
    expect(header.startsWith('企业编号,企业名称')).toBe(true);
    const path = folder({ 'regions.csv': REGIONS_CSV, 'enterprises.csv': `${header}\nfx-a,甲厂,510105,,SUSPENDED,410,是,2020-02-20,\n` });
    const { records, report } = await read(path);
    expect(report).toBe('');
    expect(records.enterprises[0]).toEqual({
      id: 'fx-a',
      name: '甲厂',
      region: '510105',
      industry: null,
      status: 'SUSPENDED',
      workforce: 410,
      epidemicCritical: true,
      expectedResumeDate: '2020-02-20',
      note: null,
    });
  });

  it('every field of every table has one Chinese header, none shared within a table', () => {
    for (const table of DATASET_RECORD_ARRAYS) {
      const headers = TABLE_COLUMNS[table].map((c) => c.zh);
      expect(new Set(headers).size, table).toBe(headers.length);
      expect(Object.keys(CHINESE_HEADERS[table]).sort(), table).toEqual(TABLE_COLUMNS[table].map((c) => c.name).sort());
    }
  });

  it('says which byte is not UTF-8 when the file was read as UTF-8', async () => {
    const path = folder({ 'regions.csv': Buffer.concat([Buffer.from(REGIONS_CSV), Buffer.from('510106,Caf\u00e9,DISTRICT,510100\n', 'latin1')]) });
    await expect(checkSource(path, { encoding: 'utf8' })).rejects.toThrow(SourceReadError);
    await expect(checkSource(path, { encoding: 'utf8' })).rejects.toThrow(/byte \d+ of the file \(0xe9\) is not UTF-8/);
  });
});

describe('problems, by the same checker, at their row and column', () => {
  it('a CSV row: file:line, the column, the checker’s message, and a repeat points at the first row', async () => {
    const path = folder({
      'regions.csv': REGIONS_CSV,
      'enterprises.csv': 'id,name,region,status,workforce\nfx-a,甲厂,510105,OPERATING,410\nfx-a,乙厂,510105,MAYBE,many\n',
    });
    const { check, report } = await read(path);
    const at = join(path, 'enterprises.csv');
    expect(report.split('\n')).toEqual([
      `${at}:3: status: expected one of "OPERATING", "SUSPENDED", "CLOSED", got "MAYBE"`,
      `${at}:3: workforce: expected a whole number ≥ 0, got "many"`,
      `${at}:3: id: duplicate enterprise id "fx-a": ${at}:2 already has it; each must appear once`,
    ]);
    expect(check.problemCount).toBe(3);
  });

  it('an unknown column is the checker’s unknown field, and a missing table is named', async () => {
    const path = folder({ 'enterprises.csv': 'id,name,region,status,colour\nfx-a,甲厂,510105,OPERATING,red\n' });
    const { report } = await read(path);
    expect(report).toContain('enterprises.csv:2: colour: unknown field; the allowed fields are id, name, region');
    expect(report).toContain('regions: missing; expected an array');
  });

  it('xlsx: the sheet and row', async () => {
    const path = join(dir, 'bad.xlsx');
    const workbook = new ExcelJS.Workbook();
    // Before the regions it refers to: sheets are read in the tables' order, whatever the workbook's.
    const enterprises = workbook.addWorksheet('enterprises');
    const regions = workbook.addWorksheet('regions');
    regions.addRow(['code', 'name', 'level', 'parent']);
    regions.addRow(['510000', '四川省', 'PROVINCE', null]);
    regions.addRow(['510100', '成都市', 'CITY', '510000']);
    // A number where the code is text: a spreadsheet's habit, read as the code.
    regions.addRow([510105, '青羊区', 'DISTRICT', 510100]);
    enterprises.addRow(TABLE_COLUMNS.enterprises.map((c) => c.zh));
    // A day typed into a spreadsheet is a date cell: a serial number with a date format.
    enterprises.addRow(['fx-a', '甲厂', '510105', null, 'SUSPENDED', 410, false, new Date(Date.UTC(2020, 1, 20)), null]);
    enterprises.addRow(['fx-b', '乙厂', '510100', null, 'OPERATING', -3, false, null, null]);
    await workbook.xlsx.writeFile(path);
    const { report, records } = await read(path);
    expect(records.regions).toHaveLength(3);
    expect(records.regions[2]).toEqual({ code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' });
    expect(records.enterprises[0]).toMatchObject({ id: 'fx-a', status: 'SUSPENDED', expectedResumeDate: '2020-02-20' });
    expect(report.split('\n')).toEqual([
      `${path}, sheet enterprises, row 3: workforce: expected a whole number ≥ 0, got -3`,
      `${path}, sheet enterprises, row 3: region: "510100" (成都市) is a CITY; an enterprise must be located in a DISTRICT: use its district's code`,
    ]);
  });

  it('NDJSON: a missing or unknown kind, and a line that is not JSON, each at its line', async () => {
    const path = join(dir, 'bad.ndjson');
    writeFileSync(
      path,
      [
        '{"kind":"regions","code":"510000","name":"四川省","level":"PROVINCE"}',
        '{"code":"510100","name":"成都市","level":"CITY","parent":"510000"}',
        '{"kind":"region-list","code":"510105"}',
        '{"kind":"regions","code":"510105",',
        '',
        '{"kind":"enterprises","id":"fx-a","name":"甲厂","region":"510105","status":"OPERATING"}',
      ].join('\n'),
    );
    const { report } = await read(path);
    expect(report.split('\n')).toEqual([
      `${path}:2: kind: missing; name the record's table: one of ${DATASET_RECORD_ARRAYS.join(', ')}`,
      `${path}:3: kind: unknown table "region-list"; use one of ${DATASET_RECORD_ARRAYS.join(', ')}`,
      expect.stringMatching(new RegExp(`^${path}:4: not a JSON record: .*; write one JSON object per line$`)),
      `${path}:6: region: unknown region "510105"; add that region to regions or correct the code`,
    ]);
  });

  it('lists the first 100 problems, then counts the rest by kind', async () => {
    const rows = ['id,name,region,status'];
    for (let i = 0; i < 150; i++) rows.push(`fx-${i},厂${i},510199,${i < 120 ? 'OPERATING' : 'MAYBE'}`);
    const path = folder({ 'regions.csv': REGIONS_CSV, 'enterprises.csv': rows.join('\n') });
    const check = await checkSource(path, { problemsKept: 100 });
    const report = formatSourceProblems(check.problems, check.problemCount, check.moreProblems).split('\n');
    expect(check.problemCount).toBe(180);
    expect(report).toHaveLength(101);
    expect(report[100]).toBe('… and 80 more (enterprises.region 50, enterprises.status 30)');
  });
});
