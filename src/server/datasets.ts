/**
 * Datasets over plain HTTP, for files too large for a GraphQL variable:
 *
 * - `POST /datasets/import`: the body is the file (canonical JSON, NDJSON,
 *   a .zip of CSV files, or an .xlsx workbook), its format from
 *   `?format=json|ndjson|csv|xlsx` or the file name in `X-Filename`
 *   (URL-encoded). ADMIN only. It is streamed to a temporary file, at most
 *   DATASET_UPLOAD_MAX_BYTES, then checked and written by the same code as
 *   `npm run import` (../dataset/import-source.ts). The answer is one JSON
 *   document once the import is done: 200 with the counts written, or 422
 *   with the problems as `file:line: field: message` (the first 100, then a
 *   count per kind) and nothing written.
 * - `GET /datasets/export?(all|region=CODE|upstream=ID|downstream=ID)&format=json|ndjson|xlsx[&headers=zh]`:
 *   the same export as `npm run export`, as a download. Any signed-in user.
 *
 * Both verify the bearer token exactly as GraphQL does (./auth.ts) and
 * refuse with the API's error codes (modules/shared/errors.ts):
 * `{ "error": { "code", "message" } }`.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Database } from '../neo4j/database.ts';
import type { DatasetService } from '../modules/datasets/service.ts';
import { authorize } from '../modules/identity/permissions.ts';
import { ErrorCode } from '../modules/shared/errors.ts';
import type { CurrentUser } from '../modules/shared/user.ts';
import { importSource } from '../dataset/import-source.ts';
import { formatSourceProblems, type SourceProblem } from '../dataset/check-source.ts';
import { ExportSelectionError, exportRecords, type ExportSelection } from '../dataset/export.ts';
import { writeExport, type ExportFormat } from '../dataset/export-formats.ts';

export const IMPORT_PATH = '/datasets/import';
export const EXPORT_PATH = '/datasets/export';

/** `?format=` of an upload, and the name its temporary file takes so that the reader knows it. */
const UPLOAD_NAMES = { json: 'dataset.json', ndjson: 'dataset.ndjson', csv: 'dataset.zip', xlsx: 'dataset.xlsx' } as const;
const UPLOAD_EXTENSION = /\.(json|ndjson|jsonl|zip|xlsx)$/i;

/** What the download route writes: one file each (CSV is a folder of files, exported by `npm run export`). */
const DOWNLOADS: Record<string, { format: ExportFormat; type: string }> = {
  json: { format: 'json', type: 'application/json; charset=utf-8' },
  ndjson: { format: 'ndjson', type: 'application/x-ndjson; charset=utf-8' },
  xlsx: { format: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

export interface DatasetTransferOptions {
  authenticate(request: Request): Promise<CurrentUser>;
  datasets: DatasetService;
  db: Database;
  log: Logger;
  maxUploadBytes: number;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

function refusal(code: ErrorCode, message: string, status: number, extra: Record<string, unknown> = {}): Response {
  return json({ error: { code, message, ...extra } }, status);
}

/** 422: the file was read and has problems; nothing was written. */
function invalid(message: string, report: { problems: string[]; problemCount: number; moreProblems: Record<string, number>; warnings: string[] }): Response {
  return json({ error: { code: ErrorCode.BAD_USER_INPUT, message }, ...report }, 422);
}

/** A GraphQLError of the error module (authentication, authorisation) as an HTTP answer with its code and status. */
function answerOf(error: GraphQLError): Response {
  const extensions = error.extensions as { code?: ErrorCode; http?: { status?: number; headers?: Record<string, string> } };
  const code = extensions.code ?? ErrorCode.BAD_REQUEST;
  // FORBIDDEN is a 200 inside GraphQL (the answer carries data); outside it, the status says it.
  const status = code === ErrorCode.FORBIDDEN ? 403 : (extensions.http?.status ?? 400);
  return json({ error: { code, message: error.message } }, status, extensions.http?.headers ?? {});
}

class TooLarge extends Error {}

/**
 * Reads the rest of a refused body and drops it: a client still sending
 * would see its connection reset instead of the 413 that says why.
 */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  while (!(await reader.read()).done);
}

/** Copies the body into `path`, refusing past `max` bytes without reading further. */
async function saveBody(request: Request, path: string, max: number): Promise<void> {
  const out = createWriteStream(path);
  let bytes = 0;
  const reader = request.body?.getReader();
  try {
    for (;;) {
      const next = await reader?.read();
      if (next === undefined || next.done) break;
      bytes += next.value.byteLength;
      if (bytes > max) {
        await discard(reader!);
        throw new TooLarge();
      }
      if (!out.write(next.value)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await finished(out);
  }
}

function lines(problems: readonly SourceProblem[], hide: string): string[] {
  return formatSourceProblems(problems, problems.length, new Map()).split('\n').filter((line) => line !== '').map((line) => line.split(hide).join(''));
}

export function useDatasetTransfer(options: DatasetTransferOptions): Plugin {
  const { log } = options;

  async function upload(request: Request, url: URL): Promise<Response> {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    const user = await options.authenticate(request);
    authorize(user, { kind: 'import' });
    const format = url.searchParams.get('format');
    const given = request.headers.get('x-filename');
    let name: string;
    if (format !== null) {
      if (!(format in UPLOAD_NAMES)) {
        return refusal(ErrorCode.BAD_USER_INPUT, `format: takes json, ndjson, csv (a .zip of CSV files) or xlsx, got ${JSON.stringify(format)}`, 400, { argument: 'format' });
      }
      name = UPLOAD_NAMES[format as keyof typeof UPLOAD_NAMES];
    } else {
      let file = '';
      try {
        file = given === null ? '' : basename(decodeURIComponent(given));
      } catch {
        file = '';
      }
      if (!UPLOAD_EXTENSION.test(file)) {
        return refusal(
          ErrorCode.BAD_USER_INPUT,
          'format: say what the file is: ?format=json|ndjson|csv|xlsx, or its name in the X-Filename header (.json, .ndjson, .zip of CSV files, .xlsx)',
          400,
          { argument: 'format' },
        );
      }
      name = file;
    }
    const length = Number(request.headers.get('content-length') ?? NaN);
    const tooLarge = () =>
      refusal(
        ErrorCode.BAD_REQUEST,
        `the file is larger than ${options.maxUploadBytes} bytes (DATASET_UPLOAD_MAX_BYTES); nothing was written: import it with \`npm run import\` or raise the limit`,
        413,
        { limit: 'DATASET_UPLOAD_MAX_BYTES', max: options.maxUploadBytes },
      );
    if (length > options.maxUploadBytes) {
      const reader = request.body?.getReader();
      if (reader) await discard(reader);
      return tooLarge();
    }
    const dir = mkdtempSync(join(tmpdir(), 'fugong-upload-'));
    const path = join(dir, name);
    try {
      try {
        await saveBody(request, path, options.maxUploadBytes);
      } catch (error) {
        if (error instanceof TooLarge) return tooLarge();
        throw error;
      }
      const result = await importSource(path, { knownKeys: options.datasets.knownKeys, load: (records) => options.datasets.loadChecked(records) });
      // Where a problem is: the file as the user named it, not our temporary folder.
      const hide = `${dir}/`;
      if (result.kind === 'unreadable') {
        const message = result.message.split(hide).join('');
        return invalid(`${message}; nothing was written`, { problems: [message], problemCount: 1, moreProblems: {}, warnings: [] });
      }
      const { check } = result;
      const warnings = lines(check.warnings, hide);
      if (result.kind === 'problems') {
        log.info({ user: user.id, file: name, problems: check.problemCount }, 'refused an uploaded dataset');
        return invalid(`${name}: ${check.problemCount} problem(s), nothing was written`, {
          problems: lines(check.problems, hide),
          problemCount: check.problemCount,
          moreProblems: Object.fromEntries(check.moreProblems),
          warnings,
        });
      }
      const { outcome } = result;
      if (!outcome.loaded) {
        return invalid(`${name}: ${outcome.problems.length} problem(s), nothing was written`, {
          problems: outcome.problems.map((p) => `${p.path}: ${p.message}`),
          problemCount: outcome.problems.length,
          moreProblems: {},
          warnings,
        });
      }
      log.info({ user: user.id, file: name, counts: outcome.counts }, 'imported an uploaded dataset');
      return json({ loaded: true, counts: outcome.counts, warnings: [...warnings, ...outcome.warnings.map((p) => `${p.path}: ${p.message}`)] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async function download(request: Request, url: URL, fetchAPI: FetchAPI): Promise<Response> {
    if (request.method !== 'GET') return new Response(null, { status: 405, headers: { allow: 'GET' } });
    const user = await options.authenticate(request);
    authorize(user, { kind: 'read' });
    const params = url.searchParams;
    const chosen = (['region', 'upstream', 'downstream'] as const).filter((k) => params.has(k));
    if (chosen.length + (params.has('all') ? 1 : 0) !== 1) {
      return refusal(ErrorCode.BAD_USER_INPUT, 'selection: give one of ?all, ?region=CODE, ?upstream=ID or ?downstream=ID', 400, { argument: 'selection' });
    }
    const key = chosen[0];
    const selection: ExportSelection =
      key === undefined ? { kind: 'all' } : key === 'region' ? { kind: 'region', code: params.get(key)! } : { kind: key, id: params.get(key)! };
    const download = DOWNLOADS[params.get('format') ?? ''];
    if (download === undefined) {
      return refusal(ErrorCode.BAD_USER_INPUT, `format: takes json, ndjson or xlsx, got ${JSON.stringify(params.get('format'))}; a CSV folder is \`npm run export -- --format csv\``, 400, {
        argument: 'format',
      });
    }
    const headers = params.get('headers') === 'zh' ? 'zh' : 'fields';
    let records;
    try {
      records = await exportRecords(options.db, selection);
    } catch (error) {
      if (!(error instanceof ExportSelectionError)) throw error;
      return refusal(ErrorCode.NOT_FOUND, error.message, 404, { argument: key ?? 'all' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'fugong-export-'));
    const name = `fugong-${key === undefined ? 'all' : `${key}-${params.get(key)}`}.${download.format}`;
    try {
      const path = join(dir, 'export');
      await writeExport(records, { format: download.format, out: path, headers });
      const file = createReadStream(path);
      await once(file, 'open');
      // Yoga's own Response takes a Node stream and pipes it to the socket as it is.
      return new fetchAPI.Response(file as unknown as BodyInit, {
        headers: {
          'content-type': download.type,
          'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    } finally {
      // The open file is read to its end though its name is gone.
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const routes: Record<string, (request: Request, url: URL, fetchAPI: FetchAPI) => Promise<Response>> = { [IMPORT_PATH]: upload, [EXPORT_PATH]: download };

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const route = routes[url.pathname];
      if (route === undefined) return;
      return route(request, url, fetchAPI).then(endResponse, (error: unknown) => {
        if (error instanceof GraphQLError) return endResponse(answerOf(error));
        log.error({ err: error, path: url.pathname }, 'dataset transfer failed');
        endResponse(refusal(ErrorCode.INTERNAL_SERVER_ERROR, 'the dataset could not be transferred; the server log says why (see /ready)', 500));
      });
    },
  };
}
