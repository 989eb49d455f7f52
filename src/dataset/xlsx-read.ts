/**
 * Reads the rows of an xlsx workbook's sheets one at a time: the zip's
 * directory gives random access to each part (yauzl), and each sheet's XML
 * is parsed as it streams (saxes), so a sheet of a million rows is never
 * held. Sheets are read in the order the caller asks for, whatever their
 * order in the workbook.
 *
 * exceljs' streaming reader would do this, but on small sheets near the end
 * of a workbook it drops some of them now and then (the zip stream it reads
 * ends before their entries are consumed), and it can only read the parts
 * in the order they are stored.
 *
 * Cells come as the workbook holds them: text (shared, inline or a
 * formula's), numbers and booleans. A day stored as a number (Excel's serial
 * day) is for the column's reader to turn into a date.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';

export type XlsxCell = string | number | boolean | null;

export interface XlsxSheet {
  name: string;
  /** The part inside the zip, `xl/worksheets/sheet1.xml`. */
  part: string;
}

/** An open workbook: its sheets in workbook order, and each sheet's rows on request. */
export class XlsxWorkbook {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    readonly sheets: XlsxSheet[],
    private readonly sharedStrings: string[],
  ) {}

  static async open(path: string): Promise<XlsxWorkbook> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, z) => (error ? reject(error) : resolve(z)));
    });
    try {
      const entries = await new Promise<Map<string, yauzl.Entry>>((resolve, reject) => {
        const found = new Map<string, yauzl.Entry>();
        zip.on('entry', (entry: yauzl.Entry) => {
          found.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.once('end', () => resolve(found));
        zip.once('error', reject);
        zip.readEntry();
      });
      const text = async (name: string) => (entries.has(name) ? readAll(await openEntry(zip, entries.get(name)!)) : '');
      const workbook = await text('xl/workbook.xml');
      if (workbook === '') throw new Error('it has no xl/workbook.xml: save it as an Excel workbook (.xlsx)');
      const targets = new Map<string, string>();
      for (const [tag] of (await text('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship\b[^>]*>/g)) {
        const attributes = xmlAttributes(tag);
        const target = attributes.get('Target');
        if (target !== undefined && attributes.has('Id')) targets.set(attributes.get('Id')!, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
      }
      const sheets: XlsxSheet[] = [];
      for (const [tag] of workbook.matchAll(/<sheet\b[^>]*>/g)) {
        const attributes = xmlAttributes(tag);
        const part = targets.get(attributes.get('r:id') ?? '');
        if (part !== undefined && attributes.has('name')) sheets.push({ name: attributes.get('name')!, part });
      }
      const sharedStrings = entries.has('xl/sharedStrings.xml') ? await readSharedStrings(await openEntry(zip, entries.get('xl/sharedStrings.xml')!)) : [];
      return new XlsxWorkbook(zip, entries, sheets, sharedStrings);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** The rows of `sheet`, each with its 1-based row number; cells by column, from A. */
  async *rows(sheet: XlsxSheet): AsyncGenerator<{ number: number; cells: XlsxCell[] }> {
    const entry = this.entries.get(sheet.part);
    if (entry === undefined) return;
    const stream = await openEntry(this.zip, entry);
    const parser = new SaxesParser();
    const ready: { number: number; cells: XlsxCell[] }[] = [];
    let row: { number: number; cells: XlsxCell[] } | null = null;
    let rowNumber = 0;
    let column = -1;
    let cellType = 'n';
    let text: string | null = null;
    let collecting = false;
    parser.on('opentag', (tag) => {
      switch (tag.name) {
        case 'row': {
          const r = Number(tag.attributes.r);
          rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
          row = { number: rowNumber, cells: [] };
          column = -1;
          break;
        }
        case 'c': {
          const ref = typeof tag.attributes.r === 'string' ? /^[A-Z]+/.exec(tag.attributes.r) : null;
          column = ref === null ? column + 1 : columnIndex(ref[0]);
          cellType = typeof tag.attributes.t === 'string' ? tag.attributes.t : 'n';
          text = null;
          break;
        }
        case 'v':
        case 't':
          collecting = true;
          text ??= '';
          break;
      }
    });
    parser.on('text', (t) => {
      if (collecting) text += t;
    });
    parser.on('closetag', (tag) => {
      switch (tag.name) {
        case 'v':
        case 't':
          collecting = false;
          break;
        case 'c':
          if (row !== null && text !== null) row.cells[column] = this.cell(cellType, text);
          break;
        case 'row':
          if (row !== null) ready.push(row);
          row = null;
          break;
      }
    });
    // A character may straddle two chunks.
    const decoder = new StringDecoder('utf8');
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        parser.write(decoder.write(chunk));
        yield* ready;
        ready.length = 0;
      }
      parser.close();
      yield* ready;
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }

  private cell(type: string, text: string): XlsxCell {
    switch (type) {
      case 's':
        return this.sharedStrings[Number(text)] ?? null;
      case 'b':
        return text === '1' || text === 'true';
      case 'str':
      case 'inlineStr':
      case 'e':
      case 'd':
        return text;
      default: {
        const n = Number(text);
        return text.trim() !== '' && Number.isFinite(n) ? n : text;
      }
    }
  }
}

/** `A` → 0, `Z` → 25, `AA` → 26. */
function columnIndex(letters: string): number {
  let index = 0;
  for (let i = 0; i < letters.length; i++) index = index * 26 + (letters.charCodeAt(i) - 64);
  return index - 1;
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The workbook's shared strings, each the text of its `<si>` (rich text runs joined). */
async function readSharedStrings(stream: Readable): Promise<string[]> {
  const strings: string[] = [];
  const parser = new SaxesParser();
  let current: string | null = null;
  let collecting = false;
  let phonetic = false;
  parser.on('opentag', (tag) => {
    if (tag.name === 'si') current = '';
    else if (tag.name === 'rPh') phonetic = true;
    else if (tag.name === 't' && !phonetic) collecting = true;
  });
  parser.on('text', (t) => {
    if (collecting && current !== null) current += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 't') collecting = false;
    else if (tag.name === 'rPh') phonetic = false;
    else if (tag.name === 'si') {
      strings.push(current ?? '');
      current = null;
    }
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream as AsyncIterable<Buffer>) parser.write(decoder.write(chunk));
  parser.close();
  return strings;
}

function xmlAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, value] of tag.matchAll(/([\w:]+)="([^"]*)"/g)) {
    attributes.set(name!, value!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
  }
  return attributes;
}
