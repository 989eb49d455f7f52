import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, emptyGraph, type TestApp } from '../support/graph.ts';
import { ANALYSIS_READ_MODELS } from '../../src/modules/analysis/service.ts';
import { dataset, fanIn } from '../support/fixtures.ts';

let app: TestApp;

for (const mode of ANALYSIS_READ_MODELS) describe(`read from ${mode === 'memory' ? 'the read model' : 'Neo4j, in one statement shaped from the selection'}`, () => {
  beforeAll(async () => {
    app = await createTestApp({ config: { ANALYSIS_READ_MODEL: mode } });
    await emptyGraph(app.db);
    const fixture = fanIn(100);
    fixture.enterprises.push(
      { id: 'fx-dagu', name: '天津大沽化工股份有限公司', region: '120116', status: 'OPERATING', industry: '化工', epidemicCritical: true, workforce: 3000 },
      { id: 'fx-closed', name: 'Tianjin Old Works', region: '120116', status: 'CLOSED', industry: '化工' },
    );
    const outcome = await app.datasets.load(fixture);
    expect(outcome.problems).toEqual([]);
  });

  afterAll(async () => {
    // Each way really answered: the read model once current, Neo4j when told to.
    if (mode === 'memory') expect(app.analysis.answered.fromModel).toBeGreaterThan(0);
    else expect(app.analysis.answered.fromModel).toBe(0);
    await app.close();
  });

  describe('regions and agencies', () => {
    it('walks the region tree both ways and names the agencies', async () => {
      const body = await app.graphql<{ region: Record<string, unknown> }>(`{
        region(code: "510105") { code name level parent { code name parent { code level } } agencies { id name } governingAgency { id } }
      }`);
      expect(body.errors).toBeUndefined();
      expect(body.data?.region).toEqual({
        code: '510105',
        name: '青羊区',
        level: 'DISTRICT',
        parent: { code: '510100', name: '成都市', parent: { code: '510000', level: 'PROVINCE' } },
        agencies: [{ id: 'agency-qingyang', name: '青羊区新经济和科技局' }],
        governingAgency: { id: 'agency-qingyang' },
      });
    });

    it('falls back to the nearest ancestor agency for a region without its own', async () => {
      const body = await app.graphql<{ a: { agencies: unknown[]; governingAgency: { id: string } }; b: { governingAgency: { id: string } } }>(`{
        a: region(code: "510104") { agencies { id } governingAgency { id } }
        b: region(code: "120116") { governingAgency { id } }
      }`);
      expect(body.data?.a).toEqual({ agencies: [], governingAgency: { id: 'agency-chengdu' } });
      expect(body.data?.b.governingAgency.id).toBe('agency-tianjin');
    });

    it('lists provinces by default, and children of a parent', async () => {
      const body = await app.graphql<{ provinces: { code: string }[]; chengdu: { code: string }[]; cities: { code: string }[] }>(`{
        provinces: regions { code }
        chengdu: regions(parent: "510100") { code }
        cities: regions(level: CITY) { code }
      }`);
      expect(body.data?.provinces.map((r) => r.code)).toEqual(['120000', '510000']);
      expect(body.data?.chengdu.map((r) => r.code)).toEqual(['510104', '510105']);
      expect(body.data?.cities.map((r) => r.code)).toEqual(['510100', '510700']);
    });

    it('returns null for unknown codes and ids, and BAD_USER_INPUT naming a malformed code', async () => {
      const body = await app.graphql<{ region: null; agency: null; enterprise: null; component: null }>(
        `{ region(code: "510199") { code } agency(id: "nope") { id } enterprise(id: "nope") { id } component(id: "nope") { id } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ region: null, agency: null, enterprise: null, component: null });
      const bad = await app.graphql(`{ region(code: "5101") { code } }`);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'code' });
      expect(bad.errors?.[0]?.message).toContain('six digits');
    });
  });

  describe('enterprises', () => {
    it('filters a region subtree and pages in id order with a total count', async () => {
      const query = `query Page($after: String) {
        enterprises(filter: { regionCode: "510000", industry: "航空" }, first: 40, after: $after) {
          totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor }
        }
      }`;
      type Page = { enterprises: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string } } };
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 3; i++) {
        const body: { data?: Page | null } = await app.graphql<Page>(query, { after });
        const page = body.data!.enterprises;
        expect(page.totalCount).toBe(100);
        expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
        seen.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.endCursor;
        expect(page.pageInfo.hasNextPage).toBe(i < 2);
      }
      expect(seen).toHaveLength(100);
      expect([...seen].sort()).toEqual(seen);
      expect(new Set(seen).size).toBe(100);
    });

    it('finds Chinese names through the full-text index, single characters and Latin fragments too', async () => {
      const run = async (term: string) =>
        ((await app.graphql<{ enterprises: { nodes: { id: string }[] } }>(`query($t: String) { enterprises(filter: { nameContains: $t }, first: 200) { nodes { id } } }`, { t: term })).data?.enterprises.nodes ?? []).map((n) => n.id);
      expect(await run('大沽化工')).toEqual(['fx-dagu']);
      expect(await run('沽')).toEqual(['fx-dagu']);
      expect(await run('old WORKS')).toEqual(['fx-closed']);
      expect((await run('航空配套')).length).toBe(100);
      expect(await run('不存在的名字')).toEqual([]);
    });

    it('filters by status and epidemic-critical', async () => {
      const body = await app.graphql<{ s: { totalCount: number; nodes: { id: string }[] }; c: { nodes: { id: string }[] } }>(`{
        s: enterprises(filter: { status: SUSPENDED }) { totalCount nodes { id } }
        c: enterprises(filter: { epidemicCritical: true, regionCode: "120000" }) { nodes { id } }
      }`);
      expect(body.data?.s).toEqual({ totalCount: 1, nodes: [{ id: 'fx-tj-supplier' }] });
      expect(body.data?.c.nodes).toEqual([{ id: 'fx-dagu' }]);
    });

    it('reads edges with their properties, and components with makers and buyers', async () => {
      const body = await app.graphql<{ enterprise: Record<string, unknown>; component: { makers: unknown[]; buyers: unknown[] } }>(`{
        enterprise(id: "fx-plant-0007") {
          name status workforce epidemicCritical expectedResumeDate region { code }
          suppliers { supplier { id status expectedResumeDate } component { id name } share }
          needs { component { id } stockDays }
          customers { customer { id } }
        }
        component(id: "fx-part") { name category makers { enterprise { id } capacityPerDay } buyers { enterprise { id } stockDays } }
      }`);
      expect(body.errors).toBeUndefined();
      expect(body.data?.enterprise).toEqual({
        name: '青羊航空配套7号厂',
        status: 'OPERATING',
        workforce: 107,
        epidemicCritical: false,
        expectedResumeDate: null,
        region: { code: '510105' },
        suppliers: [
          { supplier: { id: 'fx-jj-supplier', status: 'OPERATING', expectedResumeDate: null }, component: { id: 'fx-bolt', name: '高强度螺栓' }, share: 0.5 },
          { supplier: { id: 'fx-tj-supplier', status: 'SUSPENDED', expectedResumeDate: '2020-02-20' }, component: { id: 'fx-part', name: '液压作动筒' }, share: 1 },
        ],
        needs: [
          { component: { id: 'fx-bolt' }, stockDays: null },
          { component: { id: 'fx-part' }, stockDays: 3 },
        ],
        customers: [],
      });
      expect(body.data?.component.makers).toEqual([{ enterprise: { id: 'fx-tj-supplier' }, capacityPerDay: 500 }]);
      expect(body.data?.component.buyers).toHaveLength(100);
    });

    it('rejects a page size out of range and a foreign cursor, naming the argument', async () => {
      const big = await app.graphql(`{ enterprises(first: 5000) { totalCount } }`);
      expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
      const cursor = await app.graphql(`{ enterprises(after: "garbage") { totalCount } }`);
      expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    });
  });

  describe('round trips', () => {
    const query = `query($n: Int) { enterprises(filter: { industry: "航空" }, first: $n) {
      nodes { id region { code name } suppliers { component { id } supplier { id region { code parent { code } } } } }
    } }`;

    async function roundTrips(n: number): Promise<number> {
      const before = app.db.stats.queries;
      const body = await app.graphql<{ enterprises: { nodes: { suppliers: unknown[] }[] } }>(query, { n });
      expect(body.errors).toBeUndefined();
      expect(body.data?.enterprises.nodes).toHaveLength(n);
      expect(body.data?.enterprises.nodes.every((e) => e.suppliers.length === 2)).toBe(true);
      return app.db.stats.queries - before;
    }

    it('makes the same one or two Bolt round trips for 10 and for 100 enterprises, however deep the selection', async () => {
      const forTen = await roundTrips(10);
      const forHundred = await roundTrips(100);
      // memory: the read model's freshness check; neo4j: the one shaped statement
      expect(forHundred).toBeLessThanOrEqual(2);
      expect(forHundred).toBe(forTen);
    });
  });

  describe('loading', () => {
    it('loads the same document twice without change, and updates what changed', async () => {
      const count = async () =>
        (await app.db.query<{ n: number; r: number }>({ operation: 'test' }, 'MATCH (n) WHERE NOT n:Migration OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r')).records[0]!.toObject();
      const before = await count();
      const again = fanIn(100);
      again.enterprises.push(
        { id: 'fx-dagu', name: '天津大沽化工股份有限公司', region: '120116', status: 'OPERATING', industry: '化工', epidemicCritical: true, workforce: 3000 },
        { id: 'fx-closed', name: 'Tianjin Old Works', region: '120116', status: 'CLOSED', industry: '化工' },
      );
      expect((await app.datasets.load(again)).loaded).toBe(true);
      expect(await count()).toEqual(before);

      const changed = structuredClone(again);
      changed.enterprises[0] = { ...changed.enterprises[0]!, status: 'OPERATING', expectedResumeDate: null };
      changed.supplies[0] = { ...changed.supplies[0]!, share: 0.25 };
      expect((await app.datasets.load(changed)).loaded).toBe(true);
      const body = await app.graphql<{ enterprise: { status: string; expectedResumeDate: string | null; customers: { share: number }[] } }>(
        `{ enterprise(id: "fx-tj-supplier") { status expectedResumeDate customers { share } } }`,
      );
      expect(body.data?.enterprise.status).toBe('OPERATING');
      expect(body.data?.enterprise.expectedResumeDate).toBeNull();
      expect(body.data?.enterprise.customers[0]?.share).toBe(0.25);
      expect(await count()).toEqual(before);
      expect((await app.datasets.load(again)).loaded).toBe(true);
    });

    it('through loadDataset reports every problem with its path and writes nothing', async () => {
      const before = (await app.db.query<{ n: number }>({ operation: 'test' }, 'MATCH (e:Enterprise) RETURN count(e) AS n')).records[0]!.get('n');
      const bad = dataset({
        enterprises: [
          { id: 'fx-new-1', name: '新厂一', region: '510199', status: 'OPERATING' },
          { id: 'fx-new-2', name: '新厂二', region: '510105', status: 'RUNNING' as never },
        ],
      });
      const body = await app.graphql<{ loadDataset: { loaded: boolean; problems: { path: string; message: string }[] } }>(
        `mutation($d: JSON!) { loadDataset(dataset: $d) { loaded problems { path message } counts { enterprises } } }`,
        { d: bad },
      );
      expect(body.data?.loadDataset.loaded).toBe(false);
      const paths = body.data?.loadDataset.problems.map((p) => p.path);
      expect(paths).toContain('enterprises[0].region');
      expect(paths).toContain('enterprises[1].status');
      expect(body.data?.loadDataset.problems.find((p) => p.path === 'enterprises[0].region')?.message).toContain('510199');
      const after = (await app.db.query<{ n: number }>({ operation: 'test' }, 'MATCH (e:Enterprise) RETURN count(e) AS n')).records[0]!.get('n');
      expect(after).toBe(before);
    });
  });
});
