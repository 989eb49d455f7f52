/**
 * The dataset routes of a real API process: an ADMIN uploads a file and
 * finds its records in the graph; a file with a problem is answered 422
 * with the file, row and column, and writes nothing; a viewer is refused
 * 403, a request without a token 401, a file over the limit 413; and any
 * signed-in user downloads the graph or a region's part of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { Database } from '../../src/neo4j/database.ts';
import { fanIn } from '../support/fixtures.ts';
import { TEST_ADMIN, connectTestDatabase, emptyGraph, tokenFor } from '../support/graph.ts';
import { startReplica, stopAll, type Started } from '../support/processes.ts';

const MAX_UPLOAD = 200_000;
let db: Database;
let api: Started & { url: string };
let admin: string;
let viewer: string;

beforeAll(async () => {
  db = connectTestDatabase();
  await emptyGraph(db);
  api = await startReplica({ DATASET_UPLOAD_MAX_BYTES: String(MAX_UPLOAD) });
  admin = await tokenFor(TEST_ADMIN);
  viewer = await tokenFor({ agency: TEST_ADMIN.agency, role: 'VIEWER', user: 'test-viewer' });
});

afterAll(async () => {
  await stopAll();
  await db?.close();
});

async function enterpriseIds(): Promise<string[]> {
  const result = await db.query<{ id: string }>({ operation: 'test' }, 'MATCH (e:Enterprise) RETURN e.id AS id ORDER BY id');
  return result.records.map((r) => r.get('id'));
}

function upload(body: BodyInit, query: string, headers: Record<string, string> = {}) {
  return fetch(`${api.url}/datasets/import${query}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

async function zipOf(files: Record<string, string>): Promise<Uint8Array<ArrayBuffer>> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Uint8Array.from(Buffer.concat(chunks));
}

const good = fanIn(3);

describe('POST /datasets/import', () => {
  it("writes an ADMIN's file and answers the counts written", async () => {
    const response = await upload(JSON.stringify(good), '?format=json', { authorization: `Bearer ${admin}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { loaded: boolean; counts: Record<string, number> };
    expect(body.loaded).toBe(true);
    expect(body.counts).toMatchObject({ regions: good.regions.length, agencies: good.agencies.length, enterprises: good.enterprises.length, supplies: good.supplies.length });
    expect(await enterpriseIds()).toEqual(good.enterprises.map((e) => e.id).sort());
  });

  it('answers a CSV row with a problem by file, line and column, and writes nothing', async () => {
    const before = await enterpriseIds();
    const zip = await zipOf({
      'regions.csv': 'code,name,level,parent\n510000,四川省,PROVINCE,\n510100,成都市,CITY,510000\n510105,青羊区,DISTRICT,510100\n',
      'enterprises.csv': 'id,name,region,status\nfx-new-a,新建零件厂,510105,OPERATING\nfx-new-b,远方零件厂,999999,OPERATING\nfx-new-c,三号厂,510105,HALTED\n',
    });
    const response = await upload(new Blob([zip]), '', { authorization: `Bearer ${admin}`, 'x-filename': encodeURIComponent('青羊区企业.zip') });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string }; problems: string[]; problemCount: number };
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.message).toContain('nothing was written');
    expect(body.problemCount).toBe(2);
    expect(body.problems).toEqual([expect.stringMatching(/^青羊区企业\.zip:enterprises\.csv:3: region: .*999999/), expect.stringMatching(/^青羊区企业\.zip:enterprises\.csv:4: status: .*HALTED/)]);
    expect(await enterpriseIds()).toEqual(before);
  });

  it('refuses a VIEWER with 403 FORBIDDEN and a request without a token with 401 UNAUTHENTICATED', async () => {
    const before = await enterpriseIds();
    const refused = await upload(JSON.stringify(fanIn(5)), '?format=json', { authorization: `Bearer ${viewer}` });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const anonymous = await upload(JSON.stringify(fanIn(5)), '?format=json');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const forged = await upload(JSON.stringify(fanIn(5)), '?format=json', { authorization: `Bearer ${await tokenFor(TEST_ADMIN, 'another-secret-0123456789abcdef-0123456789')}` });
    expect(forged.status).toBe(401);
    expect(await enterpriseIds()).toEqual(before);
  });

  it('refuses a file over DATASET_UPLOAD_MAX_BYTES with 413, streamed or announced', async () => {
    const before = await enterpriseIds();
    const large = JSON.stringify(fanIn(2000));
    expect(large.length).toBeGreaterThan(MAX_UPLOAD);
    const announced = await upload(large, '?format=json', { authorization: `Bearer ${admin}` });
    expect(announced.status).toBe(413);
    expect(((await announced.json()) as { error: { message: string } }).error.message).toContain('DATASET_UPLOAD_MAX_BYTES');
    // Without a length the body is counted as it streams in.
    const bytes = new TextEncoder().encode(large);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.subarray(i, i + 16_384));
        controller.close();
      },
    });
    const counted = await upload(streamed, '?format=json', { authorization: `Bearer ${admin}` });
    expect(counted.status).toBe(413);
    expect(await enterpriseIds()).toEqual(before);
  });

  it('says how to name the format when neither ?format nor a file name does', async () => {
    const response = await upload('{}', '', { authorization: `Bearer ${admin}` });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^format: .*\?format=json\|ndjson\|csv\|xlsx/);
  });
});

describe('GET /datasets/export', () => {
  it("downloads a region's part as NDJSON and the whole graph as the canonical document, for a VIEWER", async () => {
    const part = await fetch(`${api.url}/datasets/export?region=510105&format=ndjson`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(part.status).toBe(200);
    expect(part.headers.get('content-disposition')).toBe('attachment; filename="fugong-region-510105.ndjson"');
    const records = (await part.text()).trim().split('\n').map((line) => JSON.parse(line) as { kind: string; id?: string });
    const plants = good.enterprises.filter((e) => e.region === '510105').map((e) => e.id);
    expect(records.filter((r) => r.kind === 'enterprises').map((r) => r.id).sort()).toEqual(plants.sort());
    const all = await fetch(`${api.url}/datasets/export?all&format=json`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(all.status).toBe(200);
    const document = (await all.json()) as { enterprises: { id: string }[]; supplies: unknown[] };
    expect(document.enterprises.map((e) => e.id).sort()).toEqual(good.enterprises.map((e) => e.id).sort());
    expect(document.supplies).toHaveLength(good.supplies.length);
  });

  it('answers a region the graph does not hold with 404, and no token with 401', async () => {
    const missing = await fetch(`${api.url}/datasets/export?region=999999&format=json`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${api.url}/datasets/export?all&format=json`)).status).toBe(401);
  });
});
