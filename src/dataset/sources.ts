/**
 * Reads a dataset in any of the forms `npm run import` takes, record by
 * record, never holding more than one record (and a read-ahead buffer):
 *
 * - `.json`: the canonical document (./read-stream.ts);
 * - `.ndjson` (or `.jsonl`): one record per line, its table named by a
 *   `kind` field (`{"kind":"enterprises","id":…}`);
 * - a folder or `.zip` of CSV files, one per table, named after it
 *   (`regions.csv`, `enterprises.csv`, …), read in the order of
 *   DATASET_RECORD_ARRAYS whatever the order of the files;
 * - `.xlsx`: a workbook with one sheet per table, named after it, read
 *   in that order too (./xlsx-read.ts).
 *
 * Rows become records by the rules of ./columns.ts. CSV and NDJSON may be
 * UTF-8 (with or without a byte order mark) or GB18030, as Excel in China
 * saves them: a file that is not valid UTF-8 in its first 64 KiB is read as
 * GB18030, unless the encoding is given.
 *
 * Each record comes with a position: one number per row across the whole
 * source, in reading order, that `Origins` turns back into `file:line` (or
 * `file, sheet S, row R`). The checker keeps these numbers as it keeps
 * lines, so its problems name the row they are about.
 */
import { createReadStream, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { ArrayOrderError } from './checker.ts';
import { recordOfRow, readHeader, tableNamed, type Header } from './columns.ts';
import { findDuplicateKey, duplicateKeyMessage } from './duplicate-keys.ts';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray } from './format.ts';
import { readDatasetFile } from './read-stream.ts';
import { XlsxWorkbook, type XlsxSheet } from './xlsx-read.ts';

export type SourceFormat = 'json' | 'ndjson' | 'csv' | 'xlsx';
export type Encoding = 'utf8' | 'gb18030';
export const ENCODINGS: readonly Encoding[] = ['utf8', 'gb18030'];

/** The source cannot be read at all (not a dataset, unreadable bytes): where reading stopped. */
export class SourceReadError extends Error {
  override name = 'SourceReadError';

  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
  }
}

/** What a reader hands on: each record, and the problems only the reader can see (a broken line, an unknown table). */
export interface SourceSink {
  record(array: DatasetRecordArray, value: unknown, position: number): void;
  /** `field`: the column or key at fault, null for the row as a whole. */
  problem(position: number, field: string | null, message: string): void;
}

// ---------------------------------------------------------------------------
// Positions

interface Part {
  base: number;
  label: (line: number) => string;
}

/** Positions across the parts (files, sheets) of a source, and their labels. */
export class Origins {
  private readonly parts: Part[] = [];
  private next = 1;

  /** A new part; its lines (from 1) become positions above every earlier part's. */
  part(label: (line: number) => string): (line: number) => number {
    const part = { base: this.next - 1, label };
    this.parts.push(part);
    return (line) => {
      const position = part.base + line;
      if (position >= this.next) this.next = position + 1;
      return position;
    };
  }

  /** `file:line`, or `file, sheet S, row R`. */
  label(position: number): string {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.parts[mid]!.base < position) lo = mid;
      else hi = mid - 1;
    }
    const part = this.parts[lo];
    return part === undefined ? String(position) : part.label(position - part.base);
  }
}

export function formatOf(path: string): SourceFormat {
  if (/\.ndjson$|\.jsonl$/i.test(path)) return 'ndjson';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.xlsx$/i.test(path)) return 'xlsx';
  if (/\.zip$/i.test(path)) return 'csv';
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    throw new SourceReadError(path, 'no such file or folder');
  }
  if (folder) return 'csv';
  throw new SourceReadError(
    path,
    'cannot tell the format: name the file .json (the canonical document), .ndjson (one record per line), .xlsx (one sheet per table), .zip (CSV files), or give a folder of CSV files',
  );
}

export interface SourceOptions {
  /** For CSV and NDJSON; detected when absent. */
  encoding?: Encoding;
}

export interface SourceSummary {
  format: SourceFormat;
  /** The tables the source has, empty ones included. */
  arrays: DatasetRecordArray[];
  /** The encoding text was read in (CSV, NDJSON); null for JSON and xlsx. */
  encoding: Encoding | null;
  origins: Origins;
}

/** Reads the dataset at `path` into `sink`. Throws SourceReadError when it cannot be read as its format. */
export async function readSource(path: string, sink: SourceSink, options: SourceOptions = {}, origins = new Origins()): Promise<SourceSummary> {
  const format = formatOf(path);
  switch (format) {
    case 'json': {
      const at = origins.part((line) => `${path}:${line}`);
      const summary = await readDatasetFile(path, ({ array, line, record }) => sink.record(array, record, at(line)));
      return { format, arrays: summary.arrays, encoding: null, origins };
    }
    case 'ndjson': {
      const chunks = createReadStream(path);
      const { encoding, text } = await decode(chunks, options.encoding, path);
      const arrays = await readNdjson(text, origins.part((line) => `${path}:${line}`), sink);
      return { format, arrays, encoding, origins };
    }
    case 'csv': {
      const { arrays, encoding } = /\.zip$/i.test(path) ? await readCsvZip(path, origins, sink, options) : await readCsvFolder(path, origins, sink, options);
      return { format, arrays, encoding, origins };
    }
    case 'xlsx':
      return { format, arrays: await readXlsx(path, origins, sink), encoding: null, origins };
  }
}

// ---------------------------------------------------------------------------
// Text

const PROBE_BYTES = 64 * 1024;

/** True when `bytes` is UTF-8, allowing a character cut at the end. */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The text of a byte stream in `encoding`, or in the one its first 64 KiB
 * show: UTF-8 when they are valid UTF-8 (a byte order mark is dropped),
 * GB18030 otherwise. UTF-8 is decoded strictly: a later byte that is not
 * UTF-8 stops the read, naming its offset.
 */
export async function decode(
  input: AsyncIterable<Buffer | string>,
  encoding: Encoding | undefined,
  where: string,
): Promise<{ encoding: Encoding; text: AsyncGenerator<string> }> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < PROBE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    headBytes += chunk.length;
  }
  const first = Buffer.concat(head);
  const chosen: Encoding = encoding ?? (isUtf8(first.subarray(0, PROBE_BYTES)) ? 'utf8' : 'gb18030');
  async function* text(): AsyncGenerator<string> {
    if (chosen === 'gb18030') {
      const decoder = iconv.getDecoder('gb18030');
      yield decoder.write(first);
      while (!done) {
        const next = await iterator.next();
        if (next.done) break;
        yield decoder.write(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
      }
      const rest = decoder.end();
      if (rest) yield rest;
      return;
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let offset = 0;
    const step = (chunk: Buffer, last: boolean): string => {
      try {
        const out = decoder.decode(chunk, { stream: !last });
        offset += chunk.length;
        return out;
      } catch {
        const bad = firstInvalidUtf8(chunk);
        throw new SourceReadError(
          where,
          `byte ${offset + bad} of the file (0x${(chunk[bad] ?? 0).toString(16).padStart(2, '0')}) is not UTF-8; save the file as UTF-8, or pass --encoding gb18030 if it is GB18030`,
        );
      }
    };
    yield step(first, false);
    while (!done) {
      const next = await iterator.next();
      if (next.done) break;
      yield step(typeof next.value === 'string' ? Buffer.from(next.value) : next.value, false);
    }
    const rest = step(Buffer.alloc(0), true);
    if (rest) yield rest;
  }
  return { encoding: chosen, text: text() };
}

/** The first byte of `chunk` that is not UTF-8: the start of a sequence cut short, or a byte no sequence has. */
function firstInvalidUtf8(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) {
    if (isUtf8(chunk.subarray(0, i + 1))) continue;
    // A lead byte whose sequence this byte breaks is the one at fault.
    let lead = i;
    while (lead > 0 && i - lead < 3 && (chunk[lead - 1]! & 0xc0) === 0x80) lead--;
    return lead > 0 && chunk[lead - 1]! >= 0xc0 ? lead - 1 : i;
  }
  return 0;
}

/** An error of the parser, not one the sink threw (an array out of order) or a read error already named. */
function isReadFailure(error: unknown): boolean {
  return !(error instanceof SourceReadError) && !(error instanceof ArrayOrderError);
}

// ---------------------------------------------------------------------------
// NDJSON

const KINDS = DATASET_RECORD_ARRAYS.join(', ');

/** The lines of a text, without their line ends (LF or CRLF). */
async function* textLines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of text) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop()!;
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  if (carry !== '') yield carry.endsWith('\r') ? carry.slice(0, -1) : carry;
}

async function readNdjson(text: AsyncIterable<string>, at: (line: number) => number, sink: SourceSink): Promise<DatasetRecordArray[]> {
  const arrays: DatasetRecordArray[] = [];
  let line = 0;
  for await (const raw of textLines(text)) {
    line++;
    const content = line === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (content.trim() === '') continue;
    const position = at(line);
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      sink.problem(position, null, `not a JSON record: ${error instanceof Error ? error.message : String(error)}; write one JSON object per line`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      sink.problem(position, null, 'not a JSON object; write one record per line, an object with a "kind" field naming its table');
      continue;
    }
    const duplicate = findDuplicateKey(content, [], line);
    if (duplicate !== null) {
      sink.problem(position, duplicate.path, duplicateKeyMessage(duplicate));
      continue;
    }
    const { kind, ...record } = value as Record<string, unknown>;
    if (kind === undefined) {
      sink.problem(position, 'kind', `missing; name the record's table: one of ${KINDS}`);
      continue;
    }
    const table = typeof kind === 'string' ? tableNamed(kind) : undefined;
    if (table === undefined) {
      sink.problem(position, 'kind', `unknown table ${JSON.stringify(kind)}; use one of ${KINDS}`);
      continue;
    }
    if (!arrays.includes(table)) arrays.push(table);
    sink.record(table, record, position);
  }
  return arrays;
}

// ---------------------------------------------------------------------------
// CSV

/** Line breaks within a record's fields: a quoted field may hold several. */
function lineBreaks(fields: readonly string[]): number {
  let n = 0;
  for (const field of fields) {
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13 && field.charCodeAt(i + 1) !== 10) n++;
    }
  }
  return n;
}

interface CsvInfo {
  empty_lines: number;
}

/** One CSV table: its header row, then a record per row. */
async function readCsvTable(
  table: DatasetRecordArray,
  label: string,
  bytes: AsyncIterable<Buffer>,
  origins: Origins,
  sink: SourceSink,
  options: SourceOptions,
): Promise<Encoding> {
  const at = origins.part((line) => `${label}:${line}`);
  const { encoding, text } = await decode(bytes, options.encoding, label);
  const parser = parseCsv({ info: true, relax_column_count: true, relax_quotes: false, skip_empty_lines: true, bom: true });
  // The text's own failure (a byte that is not UTF-8) ends the parse with it.
  pipeline(Readable.from(text), parser, () => {});
  let header: Header | undefined;
  let end = 0;
  let empty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: CsvInfo }>) {
      const start = end + 1 + (info.empty_lines - empty);
      empty = info.empty_lines;
      end = start + lineBreaks(record);
      if (header === undefined) {
        header = readHeader(table, record);
        for (const [i, text] of header.repeated) sink.problem(at(start), text, `column ${i + 1} repeats a column of an earlier one; keep one column per field`);
        continue;
      }
      const value = recordOfRow(header, record);
      if (value !== null) sink.record(table, value, at(start));
    }
  } catch (error) {
    if (!isReadFailure(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceReadError(label, `not readable as CSV: ${reason}`);
  }
  return encoding;
}

/** The tables of a list of CSV names, in the checker's order; names that are no table are reported. */
function csvTables(names: readonly string[], where: string): Map<DatasetRecordArray, string> {
  const tables = new Map<DatasetRecordArray, string>();
  const unknown: string[] = [];
  for (const name of names) {
    const table = tableNamed(basename(name));
    if (table === undefined) unknown.push(basename(name));
    else if (tables.has(table)) throw new SourceReadError(where, `two files for table ${table}: ${tables.get(table)} and ${name}; keep one`);
    else tables.set(table, name);
  }
  if (unknown.length > 0) {
    throw new SourceReadError(where, `${unknown.join(', ')}: a CSV file is named after its table (${DATASET_RECORD_ARRAYS.map((t) => `${t}.csv`).join(', ')}); rename or remove it`);
  }
  return tables;
}

async function readCsvFolder(folder: string, origins: Origins, sink: SourceSink, options: SourceOptions): Promise<{ arrays: DatasetRecordArray[]; encoding: Encoding | null }> {
  const names = (await readdir(folder)).filter((name) => /\.csv$/i.test(name));
  const tables = csvTables(names, folder);
  const arrays: DatasetRecordArray[] = [];
  let encoding: Encoding | null = null;
  for (const table of DATASET_RECORD_ARRAYS) {
    const name = tables.get(table);
    if (name === undefined) continue;
    arrays.push(table);
    const path = join(folder, name);
    encoding = await readCsvTable(table, path, createReadStream(path), origins, sink, options);
  }
  return { arrays, encoding };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

async function readCsvZip(path: string, origins: Origins, sink: SourceSink, options: SourceOptions): Promise<{ arrays: DatasetRecordArray[]; encoding: Encoding | null }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new SourceReadError(path, `not readable as a zip file: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const found: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        // Folders, and the resource forks macOS adds to archives it makes.
        if (!entry.fileName.endsWith('/') && !entry.fileName.startsWith('__MACOSX/') && /\.csv$/i.test(entry.fileName)) found.push(entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve(found));
      zip.once('error', reject);
      zip.readEntry();
    });
    const byName = new Map(entries.map((entry) => [entry.fileName, entry]));
    const tables = csvTables([...byName.keys()], path);
    const arrays: DatasetRecordArray[] = [];
    let encoding: Encoding | null = null;
    for (const table of DATASET_RECORD_ARRAYS) {
      const name = tables.get(table);
      if (name === undefined) continue;
      arrays.push(table);
      const stream = await new Promise<Readable>((resolve, reject) => {
        zip.openReadStream(byName.get(name)!, (error, s) => (error ? reject(error) : resolve(s)));
      });
      encoding = await readCsvTable(table, `${path}:${name}`, stream, origins, sink, options);
    }
    return { arrays, encoding };
  } finally {
    zip.close();
  }
}

// ---------------------------------------------------------------------------
// xlsx

async function readXlsx(path: string, origins: Origins, sink: SourceSink): Promise<DatasetRecordArray[]> {
  let workbook: XlsxWorkbook;
  try {
    workbook = await XlsxWorkbook.open(path);
  } catch (error) {
    throw new SourceReadError(path, `not readable as an xlsx workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const arrays: DatasetRecordArray[] = [];
    const byTable = new Map<DatasetRecordArray, XlsxSheet>();
    for (const sheet of workbook.sheets) {
      const table = tableNamed(sheet.name);
      if (table === undefined) {
        const at = origins.part((row) => `${path}, sheet ${sheet.name}, row ${row}`);
        sink.problem(at(1), null, `sheet "${sheet.name}" names no table; name each sheet after its table (${KINDS}), or remove it`);
      } else if (byTable.has(table)) {
        const at = origins.part((row) => `${path}, sheet ${sheet.name}, row ${row}`);
        sink.problem(at(1), null, `a second sheet for table ${table} (after "${byTable.get(table)!.name}"); keep one sheet per table`);
      } else {
        byTable.set(table, sheet);
      }
    }
    // In the checker's order, whatever the workbook's.
    for (const table of DATASET_RECORD_ARRAYS) {
      const sheet = byTable.get(table);
      if (sheet === undefined) continue;
      arrays.push(table);
      const at = origins.part((row) => `${path}, sheet ${sheet.name}, row ${row}`);
      let header: Header | undefined;
      try {
        for await (const row of workbook.rows(sheet)) {
          if (header === undefined) {
            header = readHeader(table, row.cells);
            for (const [i, text] of header.repeated) sink.problem(at(row.number), text, `column ${i + 1} repeats a column of an earlier one; keep one column per field`);
            continue;
          }
          const record = recordOfRow(header, row.cells);
          if (record !== null) sink.record(table, record, at(row.number));
        }
      } catch (error) {
        if (!isReadFailure(error)) throw error;
        throw new SourceReadError(`${path}, sheet ${sheet.name}`, `not readable as an xlsx sheet: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return arrays;
  } finally {
    workbook.close();
  }
}
