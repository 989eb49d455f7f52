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
 * - `.xlsx`: a workbook with one sheet per table, named after it, in that
 *   order.
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
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { ArrayOrderError } from './checker.ts';
import { recordOfRow, readHeader, tableNamed, type CellValue, type Header } from './columns.ts';
import { findDuplicateKey, duplicateKeyMessage } from './duplicate-keys.ts';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray } from './format.ts';
import { readDatasetFile } from './read-stream.ts';

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

function firstInvalidUtf8(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) {
    if (!isUtf8(chunk.subarray(0, i + 1))) return i;
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

async function readNdjson(text: AsyncIterable<string>, at: (line: number) => number, sink: SourceSink): Promise<DatasetRecordArray[]> {
  const arrays: DatasetRecordArray[] = [];
  const lines = createInterface({ input: Readable.from(text), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
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
  const parser = Readable.from(text).pipe(parseCsv({ info: true, relax_column_count: true, relax_quotes: false, skip_empty_lines: true, bom: true }));
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

/** A cell as plain data: text of rich text, a formula's result, a hyperlink's text. */
function plainCell(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return plainCell(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value as unknown);
}

/** The entries of a zip file named in `wanted`, as text. */
async function zipTexts(path: string, wanted: readonly string[]): Promise<Map<string, string>> {
  const zip = await openZip(path);
  try {
    const texts = new Map<string, string>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!wanted.includes(entry.fileName)) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.once('error', reject);
          stream.once('end', () => {
            texts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    });
    return texts;
  } finally {
    zip.close();
  }
}

function xmlAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, value] of tag.matchAll(/([\w:]+)="([^"]*)"/g)) {
    attributes.set(name!, value!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
  }
  return attributes;
}

/**
 * The name of each sheet by the number of its part (`xl/worksheets/sheet3.xml`).
 * The streaming reader learns names from the workbook part, which writers
 * that stream (exceljs' own among them) put after the sheets: read from the
 * zip's directory first, they are known whatever the order.
 */
async function sheetNames(path: string): Promise<Map<string, string>> {
  const texts = await zipTexts(path, ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);
  const targets = new Map<string, string>();
  for (const [tag] of (texts.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const attributes = xmlAttributes(tag);
    const part = /sheet(\d+)\.xml$/.exec(attributes.get('Target') ?? '');
    if (part !== null && attributes.has('Id')) targets.set(attributes.get('Id')!, part[1]!);
  }
  const names = new Map<string, string>();
  for (const [tag] of (texts.get('xl/workbook.xml') ?? '').matchAll(/<sheet\b[^>]*>/g)) {
    const attributes = xmlAttributes(tag);
    const part = targets.get(attributes.get('r:id') ?? '');
    if (part !== undefined && attributes.has('name')) names.set(part, attributes.get('name')!);
  }
  return names;
}

async function readXlsx(path: string, origins: Origins, sink: SourceSink): Promise<DatasetRecordArray[]> {
  const arrays: DatasetRecordArray[] = [];
  let names: Map<string, string>;
  try {
    names = await sheetNames(path);
  } catch (error) {
    throw new SourceReadError(path, `not readable as an xlsx workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      // A sheet the reader could not name keeps the number of its part as its id.
      const { id, name: known } = sheet as unknown as { id: string | number; name: string };
      const name = typeof id === 'string' ? (names.get(id) ?? known) : known;
      const at = origins.part((row) => `${path}, sheet ${name}, row ${row}`);
      const table = tableNamed(name);
      if (table === undefined) {
        sink.problem(at(1), null, `sheet "${name}" names no table; name each sheet after its table (${KINDS}), or remove it`);
        for await (const _ of sheet);
        continue;
      }
      if (!arrays.includes(table)) arrays.push(table);
      let header: Header | undefined;
      for await (const row of sheet) {
        // Row values are 1-based, with holes for empty cells.
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(plainCell);
        if (header === undefined) {
          header = readHeader(table, values);
          for (const [i, text] of header.repeated) sink.problem(at(row.number), text, `column ${i + 1} repeats a column of an earlier one; keep one column per field`);
          continue;
        }
        const record = recordOfRow(header, values);
        if (record !== null) sink.record(table, record, at(row.number));
      }
    }
  } catch (error) {
    if (!isReadFailure(error)) throw error;
    throw new SourceReadError(path, `not readable as an xlsx workbook: ${error instanceof Error ? error.message : String(error)}`);
  }
  return arrays;
}
