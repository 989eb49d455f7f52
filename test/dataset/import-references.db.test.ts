/**
 * An import against what the database already holds: a file may refer to
 * regions, agencies, enterprises and components that are not in it but are
 * in the database (looked up once per table after the check, not per row);
 * one that refers to a key in neither is refused at its file and line,
 * writing nothing. Applications filed through the API (RA-…) go out and
 * come back in as they were, and the API's next filing numbers on after them;
 * so do restrictions (RS-…), loans (LN-…), help requests (HR-…) and offers (HO-…).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { KeyTable, KnownKeys } from '../../src/dataset/checker.ts';
import { exportRecords } from '../../src/dataset/export.ts';
import { writeExport } from '../../src/dataset/export-formats.ts';
import { importSource, type ImportResult } from '../../src/dataset/import-source.ts';
import { formatSourceProblems } from '../../src/dataset/check-source.ts';
import { A, FILE_APPLICATION, STEP, TODAY, applicationFiling, applicationScenario, type FileApplicationBody } from '../support/applications.ts';
import { createTestApp, emptyGraph, tokenFor, type GraphQLBody, type TestApp } from '../support/graph.ts';
import { dataset, fanIn } from '../support/fixtures.ts';

let app: TestApp;
/** An app on today's date: the API stamps a filing's event with the clock, and the check wants it on the day filed. */
let now: TestApp;
let qingyang: string;
let tianjin: string;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const dir = mkdtempSync(join(tmpdir(), 'fugong-refs-'));

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  now = await createTestApp();
  qingyang = await tokenFor({ agency: A.qingyang, role: 'COORDINATOR', user: 'qy-wang' });
  tianjin = await tokenFor({ agency: A.tianjin, role: 'COORDINATOR', user: 'tj-li' });
});
afterAll(async () => {
  await now.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every look-up the check makes, by table. */
function counting(): { known: KnownKeys; calls: { table: KeyTable; ids: string[] }[] } {
  const calls: { table: KeyTable; ids: string[] }[] = [];
  return {
    calls,
    known: (table, ids) => {
      calls.push({ table, ids: [...ids].sort() });
      return app.datasets.knownKeys(table, ids);
    },
  };
}

function importFile(path: string, known: KnownKeys = app.datasets.knownKeys): Promise<ImportResult> {
  return importSource(path, { knownKeys: known, load: (records) => app.datasets.loadChecked(records) });
}

async function graphState(): Promise<string> {
  const result = await app.db.query<{ row: string }>(
    { operation: 'test' },
    `MATCH (n) WHERE NOT n:Migration AND NOT n:AnalysisLock
     OPTIONAL MATCH (n)-[r]->(m)
     WITH labels(n)[0] + ':' + coalesce(n.id, n.code, n.name, '') + '-' + coalesce(type(r), '') + '->' + coalesce(m.id, m.code, '') AS row
     RETURN row ORDER BY row`,
  );
  return result.records.map((r) => r.get('row')).join('\n');
}

function ndjson(name: string, records: Record<string, unknown>[]): string {
  const path = join(dir, name);
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

describe('references to what the database holds', () => {
  beforeEach(async () => {
    await emptyGraph(app.db);
    expect((await app.datasets.load(fanIn(2))).loaded).toBe(true);
  });

  it('pass: new enterprises in loaded regions, making loaded components, supplied by loaded enterprises; one look-up per table', async () => {
    const path = ndjson('additions.ndjson', [
      { kind: 'enterprises', id: 'fx-new-1', name: '青羊新厂一', region: '510105', status: 'OPERATING' },
      { kind: 'enterprises', id: 'fx-new-2', name: '青羊新厂二', region: '510105', status: 'OPERATING' },
      { kind: 'makes', enterprise: 'fx-new-1', component: 'fx-part' },
      { kind: 'needs', enterprise: 'fx-new-2', component: 'fx-bolt' },
      { kind: 'supplies', supplier: 'fx-new-1', customer: 'fx-plant-0000', component: 'fx-part' },
      { kind: 'supplies', supplier: 'fx-jj-supplier', customer: 'fx-new-2', component: 'fx-bolt' },
      { kind: 'users', id: 'qy-new-user', name: '王新', role: 'VIEWER', agency: A.qingyang },
    ]);
    const { known, calls } = counting();
    const result = await importFile(path, known);
    expect(result.kind === 'written' ? [] : formatSourceProblems(result.kind === 'problems' ? result.check.problems : [], 0, new Map())).toEqual([]);
    expect(result.kind === 'written' && result.outcome.loaded).toBe(true);
    // Each table asked once, with each key the file did not hold once.
    expect(calls).toEqual([
      { table: 'regions', ids: ['510105'] },
      { table: 'agencies', ids: [A.qingyang] },
      { table: 'enterprises', ids: ['fx-jj-supplier', 'fx-plant-0000'] },
      { table: 'components', ids: ['fx-bolt', 'fx-part'] },
    ]);
    const state = await graphState();
    expect(state).toContain('Enterprise:fx-new-1-LOCATED_IN->510105');
    expect(state).toContain('Enterprise:fx-new-1-MAKES->fx-part');
    expect(state).toContain('Enterprise:fx-new-1-SUPPLIES->fx-plant-0000');
    expect(state).toContain('Enterprise:fx-jj-supplier-SUPPLIES->fx-new-2');
    expect(state).toContain(`User:qy-new-user-MEMBER_OF->${A.qingyang}`);
  });

  it('a file that refers only to itself asks the database nothing', async () => {
    const path = ndjson('own.ndjson', [
      { kind: 'regions', code: '650000', name: '新疆维吾尔自治区', level: 'PROVINCE', parent: null },
      { kind: 'components', id: 'fx-own', name: '自有零件' },
    ]);
    const { known, calls } = counting();
    expect((await importFile(path, known)).kind).toBe('written');
    expect(calls).toEqual([]);
  });

  it('refuses a key in neither the file nor the database at its line and field, and writes nothing', async () => {
    const before = await graphState();
    const path = ndjson('unknown.ndjson', [
      { kind: 'enterprises', id: 'fx-new-1', name: '青羊新厂一', region: '510105', status: 'OPERATING' },
      { kind: 'enterprises', id: 'fx-new-2', name: '某新厂', region: '510199', status: 'OPERATING' },
      { kind: 'enterprises', id: 'fx-new-3', name: '成都新厂', region: '510100', status: 'OPERATING' },
      { kind: 'supplies', supplier: 'fx-new-1', customer: 'fx-none', component: 'fx-part' },
      { kind: 'needs', enterprise: 'fx-plant-0001', component: 'cmp-none' },
      { kind: 'users', id: 'u-x', name: '某人', role: 'VIEWER', agency: 'agency-none' },
    ]);
    const result = await importFile(path);
    expect(result.kind).toBe('problems');
    if (result.kind !== 'problems') return;
    expect(formatSourceProblems(result.check.problems, result.check.problemCount, result.check.moreProblems).split('\n')).toEqual([
      `${path}:2: region: unknown region "510199"; add that region to regions or correct the code`,
      `${path}:3: region: "510100" is a CITY; an enterprise must be located in a DISTRICT: use its district's code`,
      `${path}:4: customer: unknown enterprise "fx-none"; add it to enterprises or correct the id`,
      `${path}:5: component: unknown component "cmp-none"; add it to components or correct the id`,
      `${path}:6: agency: unknown agency "agency-none"; add it to agencies or correct the id`,
    ]);
    expect(await graphState()).toBe(before);
  });

  it('a region whose parent is in the database, of the right level or not', async () => {
    const good = ndjson('district.ndjson', [{ kind: 'regions', code: '510106', name: '金牛区', level: 'DISTRICT', parent: '510100' }]);
    expect((await importFile(good)).kind).toBe('written');
    const bad = ndjson('city.ndjson', [{ kind: 'regions', code: '510600', name: '德阳市', level: 'CITY', parent: '510100' }]);
    const result = await importFile(bad);
    expect(result.kind === 'problems' && result.check.problems).toEqual([
      { where: `${bad}:1`, field: 'parent', message: `a CITY's parent must be a PROVINCE, but "510100" is a CITY` },
    ]);
  });
});

describe('applications filed through the API', () => {
  it('export, import into an empty database, export again: the same bytes, and the next filing numbers on', async () => {
    await emptyGraph(now.db);
    expect((await now.datasets.load(applicationScenario())).problems).toEqual([]);
    const filed = (await now.graphqlAs(qingyang, FILE_APPLICATION, applicationFiling({ plannedDate: today }))) as FileApplicationBody;
    expect(filed.errors).toBeUndefined();
    const id = filed.data!.fileResumptionApplication.application.id;
    expect(id).toMatch(/^RA-\d{6}$/);
    expect((await now.graphqlAs(qingyang, STEP.check, { id, note: '现场核查' })).errors).toBeUndefined();

    const first = join(dir, 'with-filings.json');
    await writeExport(await exportRecords(now.db, { kind: 'all' }), { format: 'json', out: first, headers: 'fields' });
    expect(readFileSync(first, 'utf8')).toContain(`"id":"${id}"`);

    await emptyGraph(now.db);
    const result = await importFile(first);
    expect(result.kind === 'problems' ? result.check.problems : []).toEqual([]);
    expect(result.kind === 'written' && result.outcome.loaded).toBe(true);
    const again = join(dir, 'with-filings-again.json');
    await writeExport(await exportRecords(now.db, { kind: 'all' }), { format: 'json', out: again, headers: 'fields' });
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(first, 'utf8'));

    // The imported filing keeps its number: the next one through the API comes after it.
    const next = (await now.graphqlAs(qingyang, FILE_APPLICATION, applicationFiling({ enterpriseId: 'ap-qy-spare', workforceReturning: 20, plannedDate: today }))) as FileApplicationBody;
    expect(next.errors).toBeUndefined();
    expect(next.data!.fileResumptionApplication.application.id).toBe(`RA-${String(Number(id.slice(3)) + 1).padStart(6, '0')}`);
  });

  it('a later file with lower filing numbers moves the next filing\'s number nowhere back', async () => {
    const refused = (id: string) => ({
      applications: [
        { id, enterprise: 'ap-qy-large', status: 'REFUSED', filedOn: '2020-02-01', plannedDate: '2020-02-03', workforceReturning: 10, decidedOn: '2020-02-02', refusalReason: '未设置隔离观察室' },
      ],
    });
    const filedId = async (enterpriseId: string) => {
      const body = (await app.graphqlAs(qingyang, FILE_APPLICATION, applicationFiling({ enterpriseId, workforceReturning: 20 }))) as FileApplicationBody;
      expect(body.errors).toBeUndefined();
      return body.data!.fileResumptionApplication.application.id;
    };
    await emptyGraph(app.db);
    expect((await app.datasets.load({ ...applicationScenario(), ...refused('RA-000009') })).problems).toEqual([]);
    expect(await filedId('ap-qy-small')).toBe('RA-000010');
    expect((await app.datasets.load({ ...applicationScenario(), ...refused('RA-000001') })).problems).toEqual([]);
    expect(await filedId('ap-qy-spare')).toBe('RA-000011');
  });

  it('refuses an id that starts like the API\'s but is not one it issues', async () => {
    await emptyGraph(app.db);
    expect((await app.datasets.load(applicationScenario())).problems).toEqual([]);
    const path = ndjson('bad-id.ndjson', [
      { kind: 'applications', id: 'RA-12', enterprise: 'ap-qy-small', status: 'FILED', filedOn: TODAY, plannedDate: TODAY, workforceReturning: 10 },
    ]);
    const result = await importFile(path);
    expect(result.kind === 'problems' && result.check.problems.map((p) => `${p.where}: ${p.field}: ${p.message}`)).toEqual([
      `${path}:1: id: "RA-12" starts with RA- like the ids of filings through the API, which are RA- and a number of at least six digits (RA-000042); use that form or an id of your own`,
    ]);
  });
});

describe('restrictions, loans, help requests and offers with the API\'s ids', () => {
  /** A Tianjin maker of wings for a Qingyang plant, and a Qingyang neighbour with wings to spare; with the records given. */
  const network = (records: Record<string, unknown[]>) => ({
    ...dataset({
      enterprises: [
        { id: 'S', name: '滨海机翼厂', region: '120116', status: 'OPERATING' },
        { id: 'P', name: '青羊总装厂', region: '510105', status: 'OPERATING', workforce: 300 },
        { id: 'Q', name: '青羊配套厂', region: '510105', status: 'OPERATING' },
      ],
      components: [{ id: 'wing', name: '机翼' }],
      makes: [{ enterprise: 'S', component: 'wing' }],
      needs: [{ enterprise: 'P', component: 'wing' }],
      supplies: [{ supplier: 'S', customer: 'P', component: 'wing' }],
    }),
    ...records,
  });
  /** One record of each kind, numbered as the API numbers them: restriction, loan, help request, help offer. */
  const numbered = ([rs, ln, hr, ho]: number[]) => ({
    restrictions: [{ id: `RS-${String(rs).padStart(6, '0')}`, region: '120000', direction: 'OUTBOUND', from: '2020-02-01', until: '2020-02-05' }],
    loans: [{ id: `LN-${String(ln).padStart(6, '0')}`, lender: 'Q', borrower: 'P', component: 'wing', quantity: 10, unit: '件', coverDays: 2, start: '2020-02-03', returnBy: '2020-02-06', returnedOn: '2020-02-06' }],
    helpRequests: [{ id: `HR-${String(hr).padStart(6, '0')}`, enterprise: 'P', component: 'wing', quantity: 10, unit: '件', neededBy: '2020-02-03', withdrawnOn: '2020-02-03' }],
    helpOffers: [{ id: `HO-${String(ho).padStart(6, '0')}`, enterprise: 'Q', component: 'wing', quantity: 10, unit: '件', until: '2020-02-05', withdrawnOn: '2020-02-05' }],
  });

  async function ok<T>(body: Promise<GraphQLBody<T>>): Promise<T> {
    const { data, errors } = await body;
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    return data!;
  }

  /** A restriction imposed, a help request and an offer posted and a loan agreed between them, through the API: their ids. */
  async function fileOneOfEach(key: string): Promise<{ restriction: string; loan: string; helpRequest: string; helpOffer: string }> {
    const restriction = await ok(
      app.graphqlAs<{ imposeRestriction: { restriction: { id: string } } }>(tianjin, 'mutation($input: ImposeRestrictionInput!) { imposeRestriction(input: $input) { restriction { id } } }', {
        input: { region: '120000', direction: 'OUTBOUND', from: TODAY, until: '2020-02-12', idempotencyKey: key },
      }),
    );
    const helpRequest = await ok(
      app.graphqlAs<{ postHelpRequest: { helpRequest: { id: string } } }>(qingyang, 'mutation($input: PostHelpRequestInput!) { postHelpRequest(input: $input) { helpRequest { id } } }', {
        input: { enterpriseId: 'P', component: 'wing', quantity: 200, unit: '件', neededBy: '2020-02-15', idempotencyKey: key },
      }),
    );
    const helpOffer = await ok(
      app.graphqlAs<{ postHelpOffer: { helpOffer: { id: string } } }>(qingyang, 'mutation($input: PostHelpOfferInput!) { postHelpOffer(input: $input) { helpOffer { id } } }', {
        input: { enterpriseId: 'Q', component: 'wing', quantity: 500, unit: '件', availableUntil: '2020-02-29', idempotencyKey: key },
      }),
    );
    const loan = await ok(
      app.graphqlAs<{ agreeLoan: { loan: { id: string } } }>(qingyang, 'mutation($input: AgreeLoanInput!) { agreeLoan(input: $input) { loan { id } } }', {
        input: { requestId: helpRequest.postHelpRequest.helpRequest.id, offerId: helpOffer.postHelpOffer.helpOffer.id, quantity: 200, coverDays: 5, start: TODAY, returnBy: '2020-02-20', idempotencyKey: key },
      }),
    );
    return { restriction: restriction.imposeRestriction.restriction.id, loan: loan.agreeLoan.loan.id, helpRequest: helpRequest.postHelpRequest.helpRequest.id, helpOffer: helpOffer.postHelpOffer.helpOffer.id };
  }

  beforeEach(() => emptyGraph(app.db));

  it('loaded, the next of each kind through the API comes after them; a later file with lower numbers moves none back', async () => {
    expect((await app.datasets.load(network(numbered([7, 3, 5, 2])))).problems).toEqual([]);
    await app.analysis.whenCurrent();
    expect(await fileOneOfEach('first')).toEqual({ restriction: 'RS-000008', loan: 'LN-000004', helpRequest: 'HR-000006', helpOffer: 'HO-000003' });
    expect((await app.datasets.load(network(numbered([1, 1, 1, 1])))).problems).toEqual([]);
    await app.analysis.whenCurrent();
    expect(await fileOneOfEach('second')).toEqual({ restriction: 'RS-000009', loan: 'LN-000005', helpRequest: 'HR-000007', helpOffer: 'HO-000004' });
    // A file past the numbers issued since moves each counter on to it.
    expect((await app.datasets.load(network(numbered([20, 30, 40, 50])))).problems).toEqual([]);
    await app.analysis.whenCurrent();
    expect(await fileOneOfEach('third')).toEqual({ restriction: 'RS-000021', loan: 'LN-000031', helpRequest: 'HR-000041', helpOffer: 'HO-000051' });
  });

  it('refuses, at each file line, an id that starts like the API\'s but is not one it issues, writing nothing', async () => {
    expect((await app.datasets.load(network({}))).problems).toEqual([]);
    const before = await graphState();
    const records = numbered([1, 1, 1, 1]);
    const path = ndjson('bad-logistics-ids.ndjson', [
      { kind: 'restrictions', ...records.restrictions[0], id: 'RS-7' },
      { kind: 'loans', ...records.loans[0], id: 'LN-3' },
      { kind: 'helpRequests', ...records.helpRequests[0], id: 'HR-0000005' },
      { kind: 'helpOffers', ...records.helpOffers[0], id: 'HO-000000' },
    ]);
    const result = await importFile(path);
    expect(result.kind === 'problems' && result.check.problems.map((p) => `${p.where}: ${p.field}: ${p.message}`)).toEqual([
      `${path}:1: id: "RS-7" starts with RS- like the ids of restrictions imposed through the API, which are RS- and a number of at least six digits (RS-000042); use that form or an id of your own`,
      `${path}:2: id: "LN-3" starts with LN- like the ids of loans agreed through the API, which are LN- and a number of at least six digits (LN-000042); use that form or an id of your own`,
      `${path}:3: id: "HR-0000005" starts with HR- like the ids of help requests posted through the API, which are HR- and a number of at least six digits (HR-000042); use that form or an id of your own`,
      `${path}:4: id: "HO-000000" starts with HO- like the ids of help offers posted through the API, which are HO- and a number of at least six digits (HO-000042); use that form or an id of your own`,
    ]);
    expect(await graphState()).toBe(before);
  });
});
