/**
 * Writes exported records (./export.ts) in each form `npm run import`
 * reads: the canonical document (one record per line, as `npm run generate`
 * writes it), NDJSON (a `kind` field naming each record's table), a folder
 * of CSV files (UTF-8 with a byte order mark, so that spreadsheet software
 * reads the Chinese), or an xlsx workbook with a sheet per table. Every
 * table is written, an empty one as its header row alone, so a CSV folder
 * or workbook doubles as a template. Columns follow ./columns.ts.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { headerRow, rowOfRecord } from './columns.ts';
import type { ExportedRecord } from './export.ts';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray } from './format.ts';
import { emptyRecordCounts } from './read-stream.ts';

export type ExportFormat = 'json' | 'ndjson' | 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'ndjson', 'csv', 'xlsx'];
export type HeaderStyle = 'fields' | 'zh';

export interface ExportWriteOptions {
  format: ExportFormat;
  /** A file for json, ndjson and xlsx; a folder for csv. */
  out: string;
  headers?: HeaderStyle;
  /** Called every so many records. */
  onProgress?: (records: number) => void;
}

const PROGRESS_EVERY = 1 << 12;

/** Writes with backpressure: waits for the file to drain when its buffer is full. */
async function put(out: WriteStream | NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes `records` as `options.format`; returns the records written per table. */
export async function writeExport(records: AsyncIterable<ExportedRecord>, options: ExportWriteOptions): Promise<Record<DatasetRecordArray, number>> {
  const counts = emptyRecordCounts();
  let total = 0;
  const count = (array: DatasetRecordArray) => {
    counts[array]++;
    if ((++total & (PROGRESS_EVERY - 1)) === 0) options.onProgress?.(total);
  };
  const headers = options.headers ?? 'fields';
  switch (options.format) {
    case 'json':
      await writeJson(records, options.out, count);
      break;
    case 'ndjson': {
      const out = createWriteStream(options.out);
      for await (const { array, record } of records) {
        await put(out, `${JSON.stringify({ kind: array, ...record })}\n`);
        count(array);
      }
      out.end();
      await finished(out);
      break;
    }
    case 'csv':
      await writeCsv(records, options.out, headers, count);
      break;
    case 'xlsx':
      await writeXlsx(records, options.out, headers, count);
      break;
  }
  options.onProgress?.(total);
  return counts;
}

/** One record per line, every table present (empty ones too), in the order the checker reads them. */
async function writeJson(records: AsyncIterable<ExportedRecord>, path: string, count: (array: DatasetRecordArray) => void): Promise<void> {
  const out = createWriteStream(path);
  let next = 0;
  let first = true;
  const open = async (upTo: number) => {
    while (next <= upTo) {
      await put(out, `${next === 0 ? '{' : '\n],'}${JSON.stringify(DATASET_RECORD_ARRAYS[next])}:[`);
      next++;
      first = true;
    }
  };
  for await (const { array, record } of records) {
    await open(DATASET_RECORD_ARRAYS.indexOf(array));
    await put(out, `${first ? '\n' : ',\n'}${JSON.stringify(record)}`);
    first = false;
    count(array);
  }
  await open(DATASET_RECORD_ARRAYS.length - 1);
  out.end('\n]}\n');
  await finished(out);
}

function csvCell(value: string | number | boolean | null): string {
  return value === null ? '' : String(value);
}

async function writeCsv(records: AsyncIterable<ExportedRecord>, folder: string, headers: HeaderStyle, count: (array: DatasetRecordArray) => void): Promise<void> {
  mkdirSync(folder, { recursive: true });
  let next = 0;
  let current: { table: DatasetRecordArray; csv: ReturnType<typeof stringify>; file: WriteStream } | null = null;
  const close = async () => {
    if (current === null) return;
    current.csv.end();
    await finished(current.file);
    current = null;
  };
  const open = async (upTo: number) => {
    while (next <= upTo) {
      await close();
      const table = DATASET_RECORD_ARRAYS[next++]!;
      const file = createWriteStream(join(folder, `${table}.csv`));
      // The byte order mark tells spreadsheet software the file is UTF-8.
      const csv = stringify({ bom: true, record_delimiter: 'windows' });
      csv.pipe(file);
      current = { table, csv, file };
      csv.write(headerRow(table, headers));
    }
  };
  for await (const { array, record } of records) {
    await open(DATASET_RECORD_ARRAYS.indexOf(array));
    const row = rowOfRecord(array, record).map(csvCell);
    if (!current!.csv.write(row)) await once(current!.csv, 'drain');
    count(array);
  }
  await open(DATASET_RECORD_ARRAYS.length - 1);
  await close();
}

async function writeXlsx(records: AsyncIterable<ExportedRecord>, path: string, headers: HeaderStyle, count: (array: DatasetRecordArray) => void): Promise<void> {
  // Our own file stream, to wait until it is on disk: the workbook's commit resolves before its file is flushed.
  const file = createWriteStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useSharedStrings: false, useStyles: false });
  let next = 0;
  let sheet: ExcelJS.Worksheet | null = null;
  const open = (upTo: number) => {
    while (next <= upTo) {
      sheet?.commit();
      const table = DATASET_RECORD_ARRAYS[next++]!;
      sheet = workbook.addWorksheet(table);
      sheet.addRow(headerRow(table, headers)).commit();
    }
  };
  for await (const { array, record } of records) {
    open(DATASET_RECORD_ARRAYS.indexOf(array));
    sheet!.addRow(rowOfRecord(array, record).map((value) => (value === null ? undefined : value))).commit();
    count(array);
  }
  open(DATASET_RECORD_ARRAYS.length - 1);
  (sheet as ExcelJS.Worksheet | null)?.commit();
  await workbook.commit();
  await finished(file);
}
