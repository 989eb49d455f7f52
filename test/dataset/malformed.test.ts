/**
 * Files that are not sound JSON text, refused where they break: a key
 * repeated in one object (JSON.parse would keep the last silently), bytes
 * that are not UTF-8, a file cut short, a byte order mark in the middle.
 * Each in the one-record-per-line layout `npm run generate` writes and in
 * pretty-printed JSON, and a text validated in memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatasetFile } from '../../src/dataset/check-file.ts';
import { findDuplicateKey } from '../../src/dataset/duplicate-keys.ts';
import { DatasetReadError, readDatasetFile } from '../../src/dataset/read-stream.ts';
import { validateDatasetJson } from '../../src/dataset/validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'fugong-malformed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `doc-${files++}.json`);
  writeFileSync(path, content);
  return path;
}

async function refusal(path: string): Promise<DatasetReadError> {
  const error = await checkDatasetFile(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetReadError);
  return error as DatasetReadError;
}

const REGIONS = ['{"code":"510000","name":"四川省","level":"PROVINCE"},', '{"code":"510100","name":"成都市","level":"CITY","parent":"510000"},', '{"code":"510105","name":"青羊区","level":"DISTRICT","parent":"510100"}'];
const ENTERPRISE = (extra: string) => `{"id":"ent-a","name":"航空企业","region":"510105","status":"OPERATING","workforce":410${extra}}`;
/** One record per line: the enterprise is on line 7. */
const lineLayout = (enterprise: string) => ['{"regions":[', ...REGIONS, '],"enterprises":[', '{"id":"ent-0","name":"零件厂","region":"510105","status":"OPERATING"},', enterprise, ']}', ''].join('\n');

describe('a key repeated in one object', () => {
  it('is refused in the line layout with the record path and its line', async () => {
    const error = await refusal(file(lineLayout(ENTERPRISE(',"workforce":99999'))));
    expect(error.line).toBe(7);
    expect(error.reason).toContain('"workforce" appears twice in one object (at enterprises[1].workforce, line 7)');
  });

  it('is refused in pretty-printed JSON at the line of the second key', async () => {
    const doc = { regions: [{ code: '510000', name: '四川省', level: 'PROVINCE' }], enterprises: [{ id: 'ent-a', workforce: 410, name: 'x', again: 99999 }] };
    const text = JSON.stringify(doc, null, 2).replace('"again"', '"workforce"');
    const line = text.split('\n').findIndex((l) => l.includes('99999')) + 1;
    const error = await refusal(file(text));
    expect(error.line).toBe(line);
    expect(error.reason).toContain(`at enterprises[0].workforce, line ${line}`);
  });

  it('is refused in a nested object and in the document itself', async () => {
    expect(findDuplicateKey('{"a":[1,{"b":{"c":1,"d":[],"c":2}}]}')).toEqual({ key: 'c', path: 'a[1].b.c', line: 1 });
    expect(findDuplicateKey('{"regions":[],\n"regions":[]}')).toEqual({ key: 'regions', path: 'regions', line: 2 });
    // Keys compare as decoded strings: an escape does not make a second key different.
    expect(findDuplicateKey('{"name":"a","n\\u0061me":"b"}')?.path).toBe('name');
    expect(findDuplicateKey('{"a":"\\"a\\":1","b":{"a":1},"c":[{"a":1},{"a":2}]}')).toBeNull();
  });

  it('is a problem of a text validated in memory, at its path', () => {
    const result = validateDatasetJson(`{"regions":[${REGIONS.join('')}],\n"enterprises":[${ENTERPRISE(',\n"workforce":99999')}]}`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([{ path: 'enterprises[0].workforce', message: expect.stringContaining('line 3') }]);
  });
});

describe('bytes that are not UTF-8', () => {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');

  it('are refused in the line layout at their line, naming the byte', async () => {
    // UTF-8 throughout but for one record saved as Latin-1.
    const [before, after] = lineLayout('@').split('@') as [string, string];
    const error = await refusal(file(Buffer.concat([Buffer.from(before), latin1(ENTERPRISE(',"note":"Café Müller"').replace(/航空企业/, 'Aero')), Buffer.from(after)])));
    expect(error.line).toBe(7);
    expect(error.reason).toMatch(/byte \d+ of the file \(0xe9\) is not UTF-8/);
  });

  it('are refused in pretty-printed JSON at their line', async () => {
    const text = JSON.stringify({ regions: [{ code: '510000', name: 'Sichuan', level: 'PROVINCE' }], components: [{ id: 'c', name: 'Bj\u00f6rk part' }] }, null, 2);
    const error = await refusal(file(latin1(text)));
    expect(error.line).toBe(text.split('\n').findIndex((l) => l.includes('Bj')) + 1);
    expect(error.reason).toContain('is not UTF-8');
  });
});

describe('a file cut short', () => {
  const whole = lineLayout(ENTERPRISE(''));

  it.each([
    ['inside a record', whole.slice(0, whole.indexOf('"workforce"'))],
    ['after a record', whole.slice(0, whole.lastIndexOf(']}'))],
    ['inside a character', Buffer.from(whole).subarray(0, Buffer.from(whole).indexOf(Buffer.from('航空')) + 1)],
  ])('is refused %s in the line layout, naming the last line', async (_, cut) => {
    const error = await refusal(file(cut));
    expect(error.line).toBeGreaterThanOrEqual(6);
    expect(error.line).toBeLessThanOrEqual(7);
  });

  it('is refused in pretty-printed JSON', async () => {
    const pretty = JSON.stringify({ regions: [{ code: '510000', name: '四川省', level: 'PROVINCE' }], enterprises: [] }, null, 2);
    const error = await refusal(file(pretty.slice(0, pretty.length - 3)));
    expect(error.reason).toMatch(/ends early|not valid JSON/);
  });
});

describe('a byte order mark', () => {
  it('at the start of a pretty-printed file is read past', async () => {
    const records: unknown[] = [];
    await readDatasetFile(file(`\ufeff${JSON.stringify({ regions: [{ code: '510000', name: '四川省', level: 'PROVINCE' }] }, null, 2)}`), (r) => records.push(r.record));
    expect(records).toHaveLength(1);
  });

  it('in the middle of the file is refused at its line', async () => {
    const error = await refusal(file(lineLayout(`\ufeff${ENTERPRISE('')}`)));
    expect(error.line).toBe(7);
  });
});
