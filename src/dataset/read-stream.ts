/**
 * Reads a dataset file record by record without ever holding its text: a
 * national network is close to a gigabyte of JSON, several times that as
 * parsed objects.
 *
 * `npm run generate` writes one record per line:
 *
 *     {"regions":[
 *     {"code":"110000",…},
 *     …
 *     ],"agencies":[
 *     …
 *     ]}
 *
 * and that layout is read with one `JSON.parse` per line, which is as fast
 * as JSON gets in Node. The first lines of the file decide: when they read
 * as that layout (structural lines such as `],"agencies":[` between record
 * lines; indentation and blank lines do not matter), the whole file is read
 * that way and a line that breaks the layout later is an error naming it.
 * Any other JSON (pretty-printed, all on one line) is read by a streaming
 * JSON parser instead, several times slower but just as lean.
 *
 * Only the document's outline is checked here (an object whose fields are
 * the dataset's arrays); what each record holds is for the caller to judge.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { JSONParser, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray } from './format.ts';
import { KeyTracker, duplicateKeyMessage, findDuplicateKey } from './duplicate-keys.ts';

/** One element of one of the document's arrays, as parsed, not yet checked. */
export interface DatasetRecord {
  array: DatasetRecordArray;
  /** Position in its array, from 0: `enterprises[index]`. */
  index: number;
  /** 1-based line of the file where the record starts. */
  line: number;
  record: unknown;
}

export interface DatasetFileSummary {
  /** `lines`: one record per line, read line by line; `json`: any other JSON, read by the streaming parser. */
  layout: 'lines' | 'json';
  /** The arrays the document has, empty ones included, in document order (`null` ones are absent). */
  arrays: DatasetRecordArray[];
  /** Records per array (0 for absent arrays). */
  counts: Record<DatasetRecordArray, number>;
  /** Lines in the file. */
  lines: number;
}

/** The file is not a dataset document, or not one that can be read: `line` says where. */
export class DatasetReadError extends Error {
  override name = 'DatasetReadError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}, line ${line}: ${reason}`);
  }
}

const TOP_LEVEL_FIELDS: readonly string[] = ['$schema', ...DATASET_RECORD_ARRAYS];
const CHUNK_BYTES = 1 << 20;
/** How much of the file's start decides its layout. */
const PROBE_BYTES = 64 * 1024;
/** A longer line is no record: it would only grow the carried text towards the whole file. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;
type Sink = (record: DatasetRecord) => void;

const LINE_LAYOUT_HINT =
  'this file is read one record per line (its first lines are laid out so), so each record must be on a line of its own, ' +
  'followed by a comma unless it is the last of its array';

/** Thrown inside a reader; the caller adds the file name. */
class LayoutError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function emptyRecordCounts(): Record<DatasetRecordArray, number> {
  return Object.fromEntries(DATASET_RECORD_ARRAYS.map((array) => [array, 0])) as Record<DatasetRecordArray, number>;
}

/** Where a chunk's UTF-8 first breaks: the offset of the first byte that starts no valid sequence, or -1 (a sequence may be cut at the end). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const follow = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (follow < 0) return i;
    for (let k = 1; k <= follow; k++) {
      if (i + k >= bytes.length) return -1;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += follow + 1;
  }
  return -1;
}

function newlinesIn(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Decodes the file's bytes as UTF-8, refusing any that are not: a file saved
 * as GBK or Latin-1 would otherwise load with U+FFFD in place of its
 * characters. A leading byte order mark is dropped.
 */
class Utf8Reader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;

  /** `line`: the file's line where `chunk` starts. */
  decode(chunk: Uint8Array, line: number): string {
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      this.offset += chunk.length;
      return text;
    } catch {
      const at = Math.max(firstInvalidUtf8(chunk), 0);
      throw new LayoutError(
        line + newlinesIn(chunk, at),
        `byte ${this.offset + at + 1} of the file (0x${chunk[at]!.toString(16).padStart(2, '0')}) is not UTF-8: a dataset file is UTF-8; ` +
          'convert one saved as GBK or Latin-1 first (e.g. iconv -f GBK -t UTF-8)',
      );
    }
  }

  end(line: number): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new LayoutError(line, 'the file ends inside a UTF-8 character: it is cut short, or not UTF-8');
    }
  }
}

/** Checks a top-level field name: a field the format has, not seen before. */
function checkField(name: string, seen: Set<string>, line: number): void {
  if (!TOP_LEVEL_FIELDS.includes(name)) {
    throw new LayoutError(line, `unknown top-level field ${JSON.stringify(name)}; the allowed fields are ${TOP_LEVEL_FIELDS.join(', ')}`);
  }
  if (seen.has(name)) throw new LayoutError(line, `the top-level field "${name}" appears twice; it may appear once`);
  seen.add(name);
}

function notAnArray(name: string, line: number): LayoutError {
  return new LayoutError(
    line,
    name === 'regions' ? 'the top-level field "regions" must be an array' : `the top-level field "${name}" must be an array, or null`,
  );
}

// ---------------------------------------------------------------------------
// One record per line

const enum Expect {
  /** The `{` that opens the document. */
  Open,
  /** A field name or the `}` of an empty document. */
  FirstField,
  Field,
  Colon,
  Value,
  /** `,` or `}`. */
  AfterField,
  /** A record line or the `]` of an empty array (its `[` ended the previous line). */
  FirstRecord,
  /** A record line: the previous one ended with a comma. */
  Record,
  /** `]`: the previous record line had no comma. */
  Close,
  /** Nothing but white space. */
  End,
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** The layout `npm run generate` writes, one line at a time. */
class LineLayout {
  private expect = Expect.Open;
  private field = '';
  private array: DatasetRecordArray = 'regions';
  private readonly seen = new Set<string>();
  readonly arrays: DatasetRecordArray[] = [];
  readonly counts = emptyRecordCounts();

  get ended(): boolean {
    return this.expect === Expect.End;
  }

  /** Whether the layout is inside an array, where a line is a record. */
  get inRecords(): boolean {
    return this.expect === Expect.FirstRecord || this.expect === Expect.Record || this.expect === Expect.Close;
  }

  /** Reads `text[from, to)`, line `line` of the file, handing its record, if any, to `sink`. */
  line(text: string, from: number, to: number, line: number, sink: Sink): void {
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
    if (from === to) return;
    if (this.inRecords && text.charCodeAt(from) !== 93 /* ] */) {
      this.record(text, from, to, line, sink);
      return;
    }
    this.structure(text, from, to, line);
  }

  finish(line: number): void {
    if (this.expect !== Expect.End) {
      throw new LayoutError(line, this.expect === Expect.Open ? 'the file is empty; expected a JSON object' : 'the document ends early: it is not closed');
    }
  }

  private record(text: string, from: number, to: number, line: number, sink: Sink): void {
    if (this.expect === Expect.Close) {
      throw new LayoutError(line, `expected "]" or a comma at the end of the previous line; ${LINE_LAYOUT_HINT}`);
    }
    const comma = text.charCodeAt(to - 1) === 44; /* , */
    const json = text.slice(from, comma ? to - 1 : to);
    let record: unknown;
    try {
      record = JSON.parse(json);
    } catch (error) {
      throw new LayoutError(line, `not one complete JSON value (${(error as Error).message}); ${LINE_LAYOUT_HINT}`);
    }
    const index = this.counts[this.array];
    const duplicate = findDuplicateKey(json, [this.array, index], line);
    if (duplicate !== null) throw new LayoutError(line, duplicateKeyMessage(duplicate));
    this.counts[this.array]++;
    sink({ array: this.array, index, line, record });
    this.expect = comma ? Expect.Record : Expect.Close;
  }

  /** Punctuation and field names between the arrays, e.g. `],"agencies":[`. */
  private structure(text: string, from: number, to: number, line: number): void {
    let i = from;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (this.expect) {
        case Expect.Open:
          if (c !== 123 /* { */) throw new LayoutError(line, 'a dataset document is a JSON object: it starts with "{"');
          this.expect = Expect.FirstField;
          i++;
          break;
        case Expect.FirstField:
        case Expect.Field:
          if (c === 125 /* } */ && this.expect === Expect.FirstField) {
            this.expect = Expect.End;
            i++;
            break;
          }
          if (c !== 34 /* " */) throw new LayoutError(line, `expected a field name at column ${i - from + 1}`);
          i = this.readString(text, i, to, line, (name) => {
            checkField(name, this.seen, line);
            this.field = name;
          });
          this.expect = Expect.Colon;
          break;
        case Expect.Colon:
          if (c !== 58 /* : */) throw new LayoutError(line, `expected ":" after "${this.field}"`);
          this.expect = Expect.Value;
          i++;
          break;
        case Expect.Value:
          i = this.value(text, i, to, line);
          break;
        case Expect.AfterField:
          if (c === 44 /* , */) this.expect = Expect.Field;
          else if (c === 125 /* } */) this.expect = Expect.End;
          else throw new LayoutError(line, `expected "," or "}" after the field "${this.field}"`);
          i++;
          break;
        case Expect.FirstRecord:
        case Expect.Close:
          // `line` only passes a line that starts with "]" here.
          this.expect = Expect.AfterField;
          i++;
          break;
        case Expect.Record:
          throw new LayoutError(line, `expected a record after the comma ending the previous line; ${LINE_LAYOUT_HINT}`);
        case Expect.End:
          throw new LayoutError(line, 'text after the end of the document');
      }
    }
  }

  private value(text: string, i: number, to: number, line: number): number {
    const c = text.charCodeAt(i);
    if (this.field === '$schema') {
      if (c !== 34) throw new LayoutError(line, 'the top-level field "$schema" must be a string');
      this.expect = Expect.AfterField;
      return this.readString(text, i, to, line, () => {});
    }
    const name = this.field as DatasetRecordArray;
    if (c === 110 /* n */ && name !== 'regions' && text.startsWith('null', i)) {
      this.expect = Expect.AfterField;
      return i + 4;
    }
    if (c !== 91 /* [ */) throw notAnArray(name, line);
    this.arrays.push(name);
    this.array = name;
    let j = i + 1;
    while (j < to && isSpace(text.charCodeAt(j))) j++;
    if (j === to) {
      this.expect = Expect.FirstRecord;
      return j;
    }
    if (text.charCodeAt(j) === 93 /* ] */) {
      this.expect = Expect.AfterField;
      return j + 1;
    }
    throw new LayoutError(line, `the records of "${name}" must start on the line after its "["; ${LINE_LAYOUT_HINT}`);
  }

  /** Reads the JSON string starting at `text[i]`; returns the index after it. */
  private readString(text: string, i: number, to: number, line: number, use: (value: string) => void): number {
    let j = i + 1;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === 92 /* \ */) j += 2;
      else if (c === 34) break;
      else j++;
    }
    if (j >= to) throw new LayoutError(line, 'a string is not closed on its line');
    let value: unknown;
    try {
      value = JSON.parse(text.slice(i, j + 1));
    } catch (error) {
      throw new LayoutError(line, `not a valid JSON string (${(error as Error).message})`);
    }
    use(value as string);
    return j + 1;
  }
}

/**
 * Whether the start of the file reads as one record per line: up to its
 * first record (which must parse on its own line), or to the end of a short
 * document, within the first PROBE_BYTES.
 */
async function looksLineByLine(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  let bytes: Buffer;
  let whole: boolean;
  try {
    const buffer = Buffer.alloc(PROBE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    whole = bytesRead <= PROBE_BYTES;
    bytes = buffer.subarray(0, Math.min(bytesRead, PROBE_BYTES));
  } finally {
    await handle.close();
  }
  // Only whole lines: the probe may end inside a line, even inside a character.
  const end = whole ? bytes.length : bytes.lastIndexOf(10) + 1;
  let text = bytes.toString('utf8', 0, end);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const layout = new LineLayout();
  let records = 0;
  let start = 0;
  let line = 0;
  try {
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      layout.line(text, start, nl, ++line, () => records++);
      if (records > 0 || layout.ended) return true;
      start = nl + 1;
    }
    return false;
  } catch {
    return false;
  }
}

/**
 * Reads the file, handing each record to `sink` as soon as it is parsed (so
 * that it can die young), and yields after each chunk.
 */
async function* lineScan(path: string, summary: DatasetFileSummary, sink: Sink): AsyncGenerator<void> {
  const layout = new LineLayout();
  const utf8 = new Utf8Reader();
  let carry = '';
  let line = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    const text = carry + utf8.decode(chunk, line + 1);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      layout.line(text, start, nl, ++line, sink);
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_CHARS) {
      throw new LayoutError(line + 1, `the line is longer than ${MAX_LINE_CHARS / (1024 * 1024)} M characters; ${LINE_LAYOUT_HINT}`);
    }
    yield;
  }
  const rest = carry + utf8.end(line + 1);
  if (rest.length > 0) layout.line(rest, 0, rest.length, ++line, sink);
  layout.finish(Math.max(line, 1));
  summary.arrays = layout.arrays;
  summary.counts = layout.counts;
  summary.lines = line;
}

// ---------------------------------------------------------------------------
// Any JSON

/** Follows the tokens of the document's outline: which array a record belongs to, and where it starts. */
class OutlineTracker {
  private depth = 0;
  private expectField = false;
  private afterColon = false;
  private field = '';
  private readonly seen = new Set<string>();
  private ended = false;
  readonly arrays: DatasetRecordArray[] = [];
  readonly counts = emptyRecordCounts();
  array: DatasetRecordArray = 'regions';
  recordLine = 0;
  private keys: KeyTracker | null = null;
  private expectKey = false;

  token(token: TokenType, value: unknown, line: number): void {
    if (this.ended) throw new LayoutError(line, 'text after the end of the document');
    const opens = token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET;
    const closes = token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET;
    if (this.depth === 0) {
      if (token !== TokenType.LEFT_BRACE) throw new LayoutError(line, 'a dataset document is a JSON object: it starts with "{"');
      this.expectField = true;
    } else if (this.depth === 1) {
      if (this.expectField && token === TokenType.STRING) {
        checkField(value as string, this.seen, line);
        this.field = value as string;
        this.expectField = false;
      } else if (token === TokenType.COLON) {
        this.afterColon = true;
      } else if (this.afterColon) {
        this.afterColon = false;
        this.fieldValue(token, line);
      } else if (token === TokenType.COMMA) {
        this.expectField = true;
      }
    } else if (this.depth === 2 && !closes && token !== TokenType.COMMA) {
      // The first token of an element of a top-level array.
      this.recordLine = line;
    }
    if (this.depth >= 2) this.recordKeys(token, value, line);
    if (opens) this.depth++;
    if (closes) {
      this.depth--;
      if (this.depth === 0) this.ended = true;
    }
  }

  finish(line: number): void {
    if (!this.ended) throw new LayoutError(line, 'the document ends early: it is not closed');
  }

  /** Follows the keys inside a record, so a repeated one is refused where it stands (./duplicate-keys.ts). */
  private recordKeys(token: TokenType, value: unknown, line: number): void {
    if (this.depth === 2) {
      if (token !== TokenType.LEFT_BRACE && token !== TokenType.LEFT_BRACKET) return;
      this.keys = new KeyTracker([this.array, this.counts[this.array]]);
    }
    const keys = this.keys;
    if (keys === null) return;
    switch (token) {
      case TokenType.LEFT_BRACE:
        keys.openObject();
        this.expectKey = true;
        break;
      case TokenType.LEFT_BRACKET:
        keys.openArray();
        this.expectKey = false;
        break;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        keys.close();
        this.expectKey = false;
        break;
      case TokenType.COMMA:
        this.expectKey = keys.inObject;
        break;
      case TokenType.COLON:
        this.expectKey = false;
        break;
      case TokenType.STRING:
        if (this.expectKey) {
          const path = keys.key(value as string);
          if (path !== null) throw new LayoutError(line, duplicateKeyMessage({ key: value as string, path, line }));
          this.expectKey = false;
        } else {
          keys.value();
        }
        break;
      default:
        keys.value();
    }
  }

  private fieldValue(token: TokenType, line: number): void {
    if (this.field === '$schema') {
      if (token !== TokenType.STRING) throw new LayoutError(line, 'the top-level field "$schema" must be a string');
      return;
    }
    const name = this.field as DatasetRecordArray;
    if (token === TokenType.NULL && name !== 'regions') return;
    if (token !== TokenType.LEFT_BRACKET) throw notAnArray(name, line);
    this.array = name;
    this.arrays.push(name);
  }
}

async function* jsonScan(path: string, summary: DatasetFileSummary, sink: Sink): AsyncGenerator<void> {
  const outline = new OutlineTracker();
  // keepStack false: each record is dropped from its array once handed out, so memory stays flat.
  const parser = new JSONParser({ paths: ['$.*.*'], keepStack: false });
  let line = 1;
  let failure: unknown;
  parser.onToken = ({ token, value }: ParsedTokenInfo) => {
    try {
      outline.token(token, value, line);
    } catch (error) {
      failure ??= error;
      throw error;
    }
  };
  parser.onValue = ({ value }) => {
    const array = outline.array;
    try {
      sink({ array, index: outline.counts[array]++, line: outline.recordLine, record: value });
    } catch (error) {
      failure ??= error;
      throw error;
    }
  };
  const feed = (bytes: Uint8Array | null) => {
    try {
      if (bytes === null) parser.end();
      else parser.write(bytes);
    } catch (error) {
      if (failure !== undefined) throw failure;
      throw new LayoutError(line, `not valid JSON: ${(error as Error).message}`);
    }
  };
  const utf8 = new Utf8Reader();
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    // The parser decodes by itself, replacing what is not UTF-8: decoded here only to refuse that.
    utf8.decode(chunk, line);
    // Fed a line at a time, so that every token is seen while `line` is the line it is on.
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      feed(chunk.subarray(start, nl + 1));
      line++;
      start = nl + 1;
    }
    if (start < chunk.length) feed(chunk.subarray(start));
    yield;
  }
  utf8.end(line);
  if (!parser.isEnded) feed(null);
  outline.finish(line);
  summary.arrays = outline.arrays;
  summary.counts = outline.counts;
  summary.lines = line;
}

// ---------------------------------------------------------------------------

/** Reads the file, handing each record to `sink`; yields after each chunk read. */
async function* scan(path: string, summary: DatasetFileSummary, sink: Sink): AsyncGenerator<void> {
  try {
    summary.layout = (await looksLineByLine(path)) ? 'lines' : 'json';
    yield* summary.layout === 'lines' ? lineScan(path, summary, sink) : jsonScan(path, summary, sink);
  } catch (error) {
    if (error instanceof LayoutError) throw new DatasetReadError(path, error.line, error.message);
    throw error;
  }
}

function newSummary(): DatasetFileSummary {
  return { layout: 'lines', arrays: [], counts: emptyRecordCounts(), lines: 0 };
}

/**
 * Calls `onRecord` with each record of the dataset file at `path`, in
 * document order, as soon as it is parsed. Throws DatasetReadError when the
 * file is not a dataset document, and whatever `onRecord` throws.
 */
export async function readDatasetFile(path: string, onRecord: (record: DatasetRecord) => void): Promise<DatasetFileSummary> {
  const summary = newSummary();
  for await (const _ of scan(path, summary, onRecord));
  return summary;
}

/** The records of the dataset file at `path`, in document order; the summary is the generator's return value. */
export async function* datasetRecords(path: string): AsyncGenerator<DatasetRecord, DatasetFileSummary, undefined> {
  const summary = newSummary();
  const batch: DatasetRecord[] = [];
  for await (const _ of scan(path, summary, (record) => batch.push(record))) {
    yield* batch;
    batch.length = 0;
  }
  return summary;
}
