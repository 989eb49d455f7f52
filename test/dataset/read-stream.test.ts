import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatasetText } from '../../src/dataset/generate.ts';
import {
  DatasetReadError,
  datasetRecords,
  readDatasetFile,
  type DatasetFileSummary,
  type DatasetRecord,
} from '../../src/dataset/read-stream.ts';

const dir = mkdtempSync(join(tmpdir(), 'fugong-read-stream-'));
let generated: string;
let doc: Record<string, unknown[]>;

beforeAll(async () => {
  generated = (await generateDatasetText({ enterprises: 60, seed: 3 })).text;
  doc = JSON.parse(generated) as Record<string, unknown[]>;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(text: string): string {
  const path = join(dir, `doc-${fileCount++}.json`);
  writeFileSync(path, text);
  return path;
}

async function read(path: string): Promise<{ records: DatasetRecord[]; summary: DatasetFileSummary }> {
  const records: DatasetRecord[] = [];
  const summary = await readDatasetFile(path, (record) => records.push(record));
  return { records, summary };
}

/** The error reading `text` raises. */
async function failure(text: string): Promise<DatasetReadError> {
  try {
    await read(file(text));
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetReadError);
    return error as DatasetReadError;
  }
  throw new Error('the document was read without an error');
}

/** The records by array, as JSON.parse reads the whole text. */
function expectedRecords(document: Record<string, unknown[]>): { array: string; index: number; record: unknown }[] {
  const out: { array: string; index: number; record: unknown }[] = [];
  for (const [array, records] of Object.entries(document)) {
    if (Array.isArray(records)) records.forEach((record, index) => out.push({ array, index, record }));
  }
  return out;
}

/** 1-based numbers of the lines `test` accepts. */
function linesWhere(text: string, test: (line: string) => boolean): number[] {
  return text
    .split('\n')
    .map((line, i) => (test(line) ? i + 1 : 0))
    .filter((n) => n > 0);
}

describe('reading a dataset file', () => {
  it('reads the one-record-per-line layout of npm run generate, with each record’s line', async () => {
    const { records, summary } = await read(file(generated));
    expect(summary.layout).toBe('lines');
    expect(summary.arrays).toEqual(['regions', 'agencies', 'enterprises', 'components', 'makes', 'needs', 'supplies', 'restrictions', 'loans']);
    expect(summary.counts.enterprises).toBe(60);
    expect(summary.counts.users).toBe(0);
    expect(records.map(({ array, index, record }) => ({ array, index, record }))).toEqual(expectedRecords(doc));
    // Record lines are those that start with an object and are no opener such as `{"regions":[`.
    expect(records.map((r) => r.line)).toEqual(linesWhere(generated, (line) => line.startsWith('{') && !line.endsWith('[')));
  });

  it('falls back to a streaming parser for pretty-printed JSON, and gives the line where each record starts', async () => {
    const pretty = JSON.stringify(doc, null, 2);
    const { records, summary } = await read(file(pretty));
    expect(summary.layout).toBe('json');
    expect(records.map(({ array, index, record }) => ({ array, index, record }))).toEqual(expectedRecords(doc));
    expect(records.map((r) => r.line)).toEqual(linesWhere(pretty, (line) => line === '    {'));
  });

  it('reads a document all on one line', async () => {
    const { records, summary } = await read(file(JSON.stringify(doc)));
    expect(summary.layout).toBe('json');
    expect(records.map(({ array, index, record }) => ({ array, index, record }))).toEqual(expectedRecords(doc));
    expect(new Set(records.map((r) => r.line))).toEqual(new Set([1]));
  });

  it('reads indented records one per line, CRLF line ends, a byte order mark, $schema, empty and null arrays', async () => {
    const text =
      '\uFEFF{\r\n  "$schema": "../schema/dataset.schema.json",\r\n  "regions": [\r\n' +
      '    {"code": "110000", "name": "北京市", "level": "PROVINCE"},\r\n' +
      '    {"code": "110101", "name": "东城区, \\"甲\\"", "level": "DISTRICT", "parent": "110000"}\r\n' +
      '  ],\r\n  "agencies": [],\r\n  "makes": null,\r\n  "users": [\r\n    {"id": "u", "name": "张三", "agency": "a", "role": "VIEWER"}\r\n  ]\r\n}\r\n';
    const { records, summary } = await read(file(text));
    expect(summary.layout).toBe('lines');
    expect(summary.arrays).toEqual(['regions', 'agencies', 'users']);
    expect(records).toEqual([
      { array: 'regions', index: 0, line: 4, record: { code: '110000', name: '北京市', level: 'PROVINCE' } },
      { array: 'regions', index: 1, line: 5, record: { code: '110101', name: '东城区, "甲"', level: 'DISTRICT', parent: '110000' } },
      { array: 'users', index: 0, line: 10, record: { id: 'u', name: '张三', agency: 'a', role: 'VIEWER' } },
    ]);
  });

  it('yields the same records from the generator, and returns the summary', async () => {
    const path = file(generated);
    const expected = await read(path);
    const records: DatasetRecord[] = [];
    const iterator = datasetRecords(path);
    let step = await iterator.next();
    while (!step.done) {
      records.push(step.value);
      step = await iterator.next();
    }
    expect(records).toEqual(expected.records);
    expect(step.value).toEqual(expected.summary);
  });
});

describe('a file that cannot be read names the line', () => {
  const lines = (...parts: string[]) => `${parts.join('\n')}\n`;

  it('a record cut across lines in the line layout', async () => {
    const error = await failure(lines('{"regions":[', '{"code":"110000","name":"北京市","level":"PROVINCE"},', '{"code":"110101",', '"name":"x"}', ']}'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3: not one complete JSON value .*each record must be on a line of its own/);
  });

  it('an unknown top-level field', async () => {
    const error = await failure(lines('{"regions":[', '{"code":"110000","name":"北京市","level":"PROVINCE"}', '],"widgets":[', ']}'));
    expect(error.line).toBe(3);
    expect(error.message).toContain('unknown top-level field "widgets"; the allowed fields are $schema, regions, agencies');
  });

  it('a missing comma between records, and a comma before the end of an array', async () => {
    const row = '{"code":"110000","name":"北京市","level":"PROVINCE"}';
    expect((await failure(lines('{"regions":[', row, row, ']}'))).line).toBe(3);
    const trailing = await failure(lines('{"regions":[', `${row},`, ']}'));
    expect(trailing.line).toBe(3);
    expect(trailing.message).toContain('expected a record after the comma');
  });

  it('a document that ends early', async () => {
    const error = await failure(lines('{"regions":[', '{"code":"110000","name":"北京市","level":"PROVINCE"},'));
    expect(error.line).toBe(2);
    expect(error.message).toContain('the document ends early');
  });

  it('a field that is not an array', async () => {
    expect((await failure(lines('{"regions":[', ']', ',"enterprises": {}}'))).message).toMatch(/line 3: the top-level field "enterprises" must be an array/);
    expect((await failure('{"regions": null}')).message).toContain('"regions" must be an array');
  });

  it('a syntax error in pretty-printed JSON', async () => {
    const pretty = JSON.stringify({ regions: [{ code: '110000', name: '北京市', level: 'PROVINCE' }] }, null, 2).split('\n');
    pretty[4] = pretty[4]!.replace(/,$/, ''); // "name": … loses its comma
    const error = await failure(pretty.join('\n'));
    expect(error.line).toBe(6);
    expect(error.message).toContain('not valid JSON');
  });

  it('an unknown field in pretty-printed JSON', async () => {
    const error = await failure(JSON.stringify({ regions: [], extra: 1 }, null, 2));
    expect(error.line).toBe(3);
    expect(error.message).toContain('unknown top-level field "extra"');
  });

  it('an empty file, and one that is no object', async () => {
    expect((await failure('')).line).toBe(1);
    expect((await failure('[1, 2]')).message).toContain('a dataset document is a JSON object');
  });
});
