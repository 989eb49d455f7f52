/**
 * The dataset's tables as spreadsheets keep them: one table per CSV file or
 * xlsx sheet, one record per row, one field per column. Import and export
 * share these rules, so whatever `npm run export` writes, `npm run import`
 * reads back as the same records.
 *
 * - A column is named by the record's field (`workforce`) or by its Chinese
 *   header (职工人数, from CHINESE_HEADERS); export writes the field names
 *   unless asked for the Chinese ones.
 * - A nested object is flattened into one column per field, named by its
 *   path: a restriction's `supply` is `supply.supplier`, `supply.customer`,
 *   `supply.component`; the object is absent when all its cells are empty.
 * - A list (an application's `measures` and `events`) is one cell holding
 *   its JSON, e.g. `["MASKS","DISINFECTION"]`; an empty list is an empty
 *   cell.
 * - An empty cell is an absent field (null): there is no empty text.
 * - Numbers are written as digits, booleans as `true` or `false` (`是`/`否`
 *   and spreadsheets' `TRUE`/`FALSE` are read too), days as `YYYY-MM-DD`.
 *   A cell that does not read as its field's type is passed on as text, so
 *   that the checker names the field and what it expects.
 */
import { z } from 'zod';
import {
  ApplicationRecordSchema,
  DATASET_RECORD_ARRAYS,
  LOGISTICS_RECORD_SCHEMAS,
  RECORD_SCHEMAS,
  UserRecordSchema,
  type DatasetRecordArray,
} from './format.ts';

export type CellType = 'text' | 'date' | 'number' | 'boolean' | 'json';

export interface Column {
  /** Field path in the record, `['supply', 'supplier']`. */
  path: readonly string[];
  /** The column's name: the path joined with dots. */
  name: string;
  /** The Chinese header. */
  zh: string;
  type: CellType;
}

/** The record schema of every table. */
export const TABLE_SCHEMAS: { readonly [K in DatasetRecordArray]: z.ZodObject } = {
  ...RECORD_SCHEMAS,
  users: UserRecordSchema,
  applications: ApplicationRecordSchema,
  ...LOGISTICS_RECORD_SCHEMAS,
};

/** The Chinese header of each column, by table: what `--headers zh` writes and import reads. */
export const CHINESE_HEADERS: { readonly [K in DatasetRecordArray]: Readonly<Record<string, string>> } = {
  regions: { code: '区划代码', name: '区划名称', level: '级别', parent: '上级区划代码' },
  agencies: { id: '机构编号', name: '机构名称', region: '所辖区划代码' },
  enterprises: {
    id: '企业编号',
    name: '企业名称',
    region: '所在区县代码',
    industry: '行业',
    status: '状态',
    workforce: '职工人数',
    epidemicCritical: '防疫重点企业',
    expectedResumeDate: '预计复工日期',
    note: '备注',
  },
  components: { id: '产品编号', name: '产品名称', category: '类别' },
  makes: { enterprise: '企业编号', component: '产品编号', capacityPerDay: '日产能' },
  needs: { enterprise: '企业编号', component: '产品编号', stockDays: '库存天数' },
  supplies: { supplier: '供应方企业编号', customer: '客户企业编号', component: '产品编号', share: '供货占比' },
  users: { id: '用户编号', name: '姓名', agency: '机构编号', role: '角色' },
  restrictions: {
    id: '限制编号',
    'supply.supplier': '供应方企业编号',
    'supply.customer': '客户企业编号',
    'supply.component': '产品编号',
    region: '区划代码',
    direction: '方向',
    from: '起始日期',
    until: '解除日期',
    note: '备注',
  },
  loans: {
    id: '借用编号',
    lender: '出借企业编号',
    borrower: '借入企业编号',
    component: '产品编号',
    quantity: '数量',
    unit: '单位',
    coverDays: '覆盖天数',
    start: '借出日期',
    returnBy: '应还日期',
    returnedOn: '归还日期',
  },
  helpRequests: {
    id: '求助编号',
    enterprise: '企业编号',
    component: '产品编号',
    quantity: '数量',
    unit: '单位',
    neededBy: '需要日期',
    note: '备注',
    withdrawnOn: '撤回日期',
  },
  helpOffers: {
    id: '援助编号',
    enterprise: '企业编号',
    component: '产品编号',
    quantity: '数量',
    unit: '单位',
    until: '有效截止日期',
    note: '备注',
    withdrawnOn: '撤回日期',
  },
  applications: {
    id: '申请编号',
    enterprise: '企业编号',
    status: '状态',
    filedOn: '申请日期',
    plannedDate: '计划复工日期',
    workforceReturning: '返岗人数',
    measures: '防疫措施',
    commitment: '承诺制',
    documentsDue: '材料截止日期',
    documentsReceivedOn: '材料收到日期',
    decidedOn: '决定日期',
    refusalReason: '不予批准理由',
    note: '备注',
    events: '办理记录',
  },
};

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current;
}

function columnsOf(table: DatasetRecordArray, schema: z.ZodObject, prefix: readonly string[]): Column[] {
  const columns: Column[] = [];
  for (const [field, fieldSchema] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const path = [...prefix, field];
    const inner = unwrap(fieldSchema);
    if (inner instanceof z.ZodObject) {
      columns.push(...columnsOf(table, inner, path));
      continue;
    }
    const name = path.join('.');
    const type: CellType =
      inner instanceof z.ZodNumber
        ? 'number'
        : inner instanceof z.ZodBoolean
          ? 'boolean'
          : inner instanceof z.ZodArray
            ? 'json'
            : inner instanceof z.ZodISODate
              ? 'date'
              : 'text';
    const zh = CHINESE_HEADERS[table][name];
    if (zh === undefined) throw new Error(`no Chinese header for ${table}.${name}`);
    columns.push({ path, name, zh, type });
  }
  return columns;
}

/** Every table's columns, in the order export writes them. */
export const TABLE_COLUMNS = Object.fromEntries(
  DATASET_RECORD_ARRAYS.map((table) => [table, columnsOf(table, TABLE_SCHEMAS[table], [])]),
) as unknown as { readonly [K in DatasetRecordArray]: readonly Column[] };

/** The table a file or sheet name stands for (`enterprises.csv`, `Enterprises`), or undefined. */
export function tableNamed(name: string): DatasetRecordArray | undefined {
  const base = name.replace(/\.csv$/i, '').trim().toLowerCase();
  return DATASET_RECORD_ARRAYS.find((table) => table.toLowerCase() === base);
}

// ---------------------------------------------------------------------------
// Reading

/** A value as a cell holds it: CSV gives text, xlsx also numbers, booleans and dates. */
export type CellValue = string | number | boolean | Date | null | undefined;

/** What a header row says: for each cell, the column it names (or the unknown name, for the checker to report). */
export interface Header {
  /** Per cell: the column, or the header's own text when it names no column. */
  cells: (Column | string | null)[];
  /** Headers naming a column already named by an earlier cell: [cell index, text]. */
  repeated: [number, string][];
}

export function readHeader(table: DatasetRecordArray, texts: readonly CellValue[]): Header {
  const byName = new Map<string, Column>();
  for (const column of TABLE_COLUMNS[table]) {
    byName.set(column.name, column);
    byName.set(column.zh, column);
  }
  const seen = new Set<Column>();
  const repeated: [number, string][] = [];
  const cells = texts.map((value, i) => {
    const text = value == null ? '' : String(value).trim();
    if (text === '') return null;
    const column = byName.get(text);
    if (column === undefined) return text;
    if (seen.has(column)) {
      repeated.push([i, text]);
      return null;
    }
    seen.add(column);
    return column;
  });
  return { cells, repeated };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '是']);
const FALSE = new Set(['false', '否']);

/** The serial number of 1970-01-01 in spreadsheets' day count. */
const EXCEL_EPOCH_SERIAL = 25_569;

function isoDay(date: Date): string {
  // Spreadsheets store a day as midnight UTC.
  return date.toISOString().slice(0, 10);
}

/** A cell's value for a field of `type`; what does not read as the type stays text for the checker to explain. */
export function readCell(type: CellType, value: CellValue): unknown {
  if (value == null) return undefined;
  if (value instanceof Date) return isoDay(value);
  if (typeof value === 'number') {
    // A day a spreadsheet keeps as its serial number: days since 1899-12-30.
    if (type === 'date' && Number.isInteger(value) && value > 0) return isoDay(new Date((value - EXCEL_EPOCH_SERIAL) * 86_400_000));
    return type === 'text' || type === 'date' ? String(value) : value;
  }
  if (typeof value === 'boolean') return type === 'text' || type === 'date' ? String(value) : value;
  const text = value.trim();
  if (text === '') return undefined;
  switch (type) {
    case 'text':
    case 'date':
      return value;
    case 'number':
      return NUMBER.test(text) ? Number(text) : value;
    case 'boolean': {
      const lower = text.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : value;
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return value;
      }
  }
}

/** The record of one row under `header`; cells under unknown headers become fields of that name, for the checker. */
export function recordOfRow(header: Header, row: readonly CellValue[]): Record<string, unknown> | null {
  const record: Record<string, unknown> = {};
  let any = false;
  for (let i = 0; i < header.cells.length; i++) {
    const column = header.cells[i];
    if (column == null) continue;
    const raw = row[i];
    if (typeof column === 'string') {
      if (raw != null && String(raw).trim() !== '') {
        record[column] = raw;
        any = true;
      }
      continue;
    }
    const value = readCell(column.type, raw);
    if (value === undefined) continue;
    any = true;
    let target = record;
    for (let k = 0; k < column.path.length - 1; k++) target = (target[column.path[k]!] ??= {}) as Record<string, unknown>;
    target[column.path[column.path.length - 1]!] = value;
  }
  // Cells beyond the header's are data without a column.
  for (let i = header.cells.length; i < row.length; i++) {
    const raw = row[i];
    if (raw != null && String(raw).trim() !== '') {
      record[`column ${i + 1}`] = raw;
      any = true;
    }
  }
  return any ? record : null;
}

// ---------------------------------------------------------------------------
// Writing

/** The header row of a table. */
export function headerRow(table: DatasetRecordArray, headers: 'fields' | 'zh'): string[] {
  return TABLE_COLUMNS[table].map((column) => (headers === 'zh' ? column.zh : column.name));
}

/** A normalised record's cells, in column order: null for absent, numbers and booleans as they are. */
export function rowOfRecord(table: DatasetRecordArray, record: Record<string, unknown>): (string | number | boolean | null)[] {
  return TABLE_COLUMNS[table].map((column) => {
    let value: unknown = record;
    for (const part of column.path) value = value == null ? null : (value as Record<string, unknown>)[part];
    if (value == null) return null;
    if (column.type === 'json') return Array.isArray(value) && value.length === 0 ? null : JSON.stringify(value);
    return value as string | number | boolean;
  });
}
