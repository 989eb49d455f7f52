/**
 * Who should ask whom, on the 2020 seed: the routing of DOMAIN.md, grouped
 * per (requester, addressee) and ranked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../../src/dataset/seed.ts';
import { ANALYSIS_READ_MODELS } from '../../../src/modules/analysis/service.ts';
import { createTestApp, emptyGraph, tokenFor, type TestApp } from '../../support/graph.ts';

const AVIATION = ['ent-qy-aero-airborne', 'ent-qy-aero-avionics', 'ent-qy-aero-composite', 'ent-qy-aero-parts', 'ent-qy-aero-precision', 'ent-qy-aero-tooling'];

type Suggestion = {
  key: string;
  scope: string;
  originator: { id: string };
  requester: { id: string };
  addressee: { id: string };
  copied: { id: string }[];
  targets: { enterprise: { id: string }; components: { id: string }[]; tier: number; expectedResumeDate: string | null }[];
  plants: { enterprise: { id: string }; workforce: number }[];
  workforce: number;
  priority: number;
  existingRequest: { id: string } | null;
};

const QUERY = `query($id: ID, $region: String, $asOf: Date) { coordinationSuggestions(enterpriseId: $id, regionCode: $region, asOf: $asOf) {
  key scope originator { id } requester { id } addressee { id } copied { id }
  targets { enterprise { id } components { id } tier expectedResumeDate }
  plants { enterprise { id } workforce } workforce priority existingRequest { id }
} }`;

for (const mode of ANALYSIS_READ_MODELS) {
  describe(`answered from ${mode === 'memory' ? 'the read model' : 'Neo4j'}`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: mode } });
      await emptyGraph(app.db);
      expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
    });
    afterAll(async () => {
      // Each way really answered: the read model once current, Neo4j when told to.
      if (mode === 'memory') expect(app.analysis.answered.fromModel).toBeGreaterThan(app.analysis.answered.fromNeo4j);
      else expect(app.analysis.answered.fromModel).toBe(0);
      await app.close();
    });

    async function suggestions(variables: Record<string, unknown>): Promise<Suggestion[]> {
      const body = await app.graphql<{ coordinationSuggestions: Suggestion[] }>(QUERY, { asOf: '2020-02-09', ...variables });
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!.coordinationSuggestions;
    }

    describe('coordination suggestions on the seed', () => {
      it('route each Qingyang aviation firm from Chengdu to Tianjin, NATIONAL, originated in Qingyang', async () => {
        for (const id of AVIATION) {
          const national = (await suggestions({ id })).find((s) => s.scope === 'NATIONAL');
          expect(national).toMatchObject({
            originator: { id: 'agency-qingyang' },
            requester: { id: 'agency-chengdu' },
            addressee: { id: 'agency-tianjin' },
          });
          expect(national!.targets.map((t) => t.enterprise.id)).toEqual(['ent-tj-binhai-parts']);
          expect(national!.targets[0]!.expectedResumeDate).toBe('2020-02-20');
          expect(national!.copied.map((a) => a.id)).toEqual(expect.arrayContaining(['agency-sichuan']));
          expect(national!.plants.map((p) => p.enterprise.id)).toEqual([id]);
        }
      });

      it('for the region, one suggestion per (requester, addressee), the six firms grouped and ranked by priority', async () => {
        const all = await suggestions({ region: '510000' });
        const keys = all.map((s) => s.key);
        expect(new Set(keys).size).toBe(keys.length);
        const tianjin = all.find((s) => s.key === 'agency-chengdu→agency-tianjin')!;
        for (const id of AVIATION) expect(tianjin.plants.map((p) => p.enterprise.id)).toContain(id);
        expect(tianjin.workforce).toBe(tianjin.plants.reduce((sum, p) => sum + p.workforce, 0));
        for (let i = 1; i < all.length; i++) expect(all[i - 1]!.priority).toBeGreaterThanOrEqual(all[i]!.priority);
        expect(new Set(all.map((s) => s.scope))).toEqual(new Set(['LOCAL', 'CITY', 'PROVINCE', 'NATIONAL']));
      });

      it('sends the thermometer-parts case from outside Sichuan to the Chengdu side, Qingyang copied', async () => {
        const thermo = (await suggestions({ id: 'ent-sz-thermometer' })).find((s) => s.targets.some((t) => t.enterprise.id === 'ent-qy-thermo-parts'))!;
        expect(thermo.scope).toBe('NATIONAL');
        expect(['agency-chengdu', 'agency-qingyang']).toContain(thermo.addressee.id);
        expect(thermo.requester.id).not.toMatch(/sichuan|chengdu|qingyang/);
        expect([thermo.addressee.id, ...thermo.copied.map((a) => a.id)]).toContain('agency-qingyang');
      });

      it('names an open request that already covers a target', async () => {
        const before = (await suggestions({ id: AVIATION[0] })).find((s) => s.scope === 'NATIONAL')!;
        expect(before.existingRequest).toBeNull();
        const chengdu = await tokenFor({ agency: 'agency-chengdu', role: 'COORDINATOR', user: 'chengdu-coordinator' });
        const filed = await app.graphqlAs<{ fileCoordinationRequest: { request: { id: string } } }>(
          chengdu,
          `mutation($input: FileCoordinationRequestInput!) { fileCoordinationRequest(input: $input) { request { id } } }`,
          {
            input: {
              addresseeAgencyId: 'agency-tianjin',
              targets: [{ enterpriseId: 'ent-tj-binhai-parts', componentId: before.targets[0]!.components[0]!.id }],
              plantIds: [AVIATION[0]],
              message: '请协调滨海供应商复工',
              dueDate: '2020-02-15',
              idempotencyKey: 'suggestion-test-1',
            },
          },
        );
        expect(filed.errors, JSON.stringify(filed.errors)).toBeUndefined();
        const after = (await suggestions({ id: AVIATION[0] })).find((s) => s.scope === 'NATIONAL')!;
        expect(after.existingRequest?.id).toBe(filed.data!.fileCoordinationRequest.request.id);

        // Tianjin's commission reports the supplier back at work: the request hears of it, with the plant now ready.
        const tianjin = await tokenFor({ agency: 'agency-tianjin', role: 'COORDINATOR', user: 'tianjin-coordinator' });
        const resumed = await app.graphqlAs(tianjin, `mutation { setEnterpriseStatus(enterpriseId: "ent-tj-binhai-parts", status: OPERATING) { status changedBy changedByAgency { id } } }`);
        expect(resumed.errors, JSON.stringify(resumed.errors)).toBeUndefined();
        expect(resumed.data).toEqual({ setEnterpriseStatus: { status: 'OPERATING', changedBy: 'tianjin-coordinator', changedByAgency: { id: 'agency-tianjin' } } });
        const events = await app.graphql<{ coordinationRequest: { status: string; events: { kind: string; readyPlants: { id: string }[] | null }[] } }>(
          `query($id: ID!) { coordinationRequest(id: $id) { status events { kind readyPlants { id } } } }`,
          { id: filed.data!.fileCoordinationRequest.request.id },
        );
        const request = events.data!.coordinationRequest;
        expect(request.status).toBe('SUBMITTED');
        const notice = request.events.find((e) => e.kind === 'TARGET_RESUMED');
        expect(notice?.readyPlants?.map((p) => p.id)).toEqual([AVIATION[0]]);
        const qingyangViewer = await tokenFor({ agency: 'agency-qingyang', role: 'COORDINATOR' });
        const refused = await app.graphqlAs(qingyangViewer, `mutation { setEnterpriseStatus(enterpriseId: "ent-tj-binhai-parts", status: SUSPENDED) { status } }`);
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      });

      it('needs exactly one of enterpriseId and regionCode', async () => {
        const both = await app.graphql(QUERY, { id: AVIATION[0], region: '510105' });
        expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
        const none = await app.graphql(QUERY, {});
        expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      });

      it('keeps every suggestion when a root cause lies where no agency governs, the missing party null and the region named', async () => {
        // A second supplier of the aviation firm, in a province no agency governs at any level.
        const seed = (await readSeed()) as Record<string, Record<string, unknown>[]>;
        const world = {
          ...seed,
          regions: [
            ...seed.regions!,
            { code: '420000', name: '湖北省', level: 'PROVINCE', parent: null },
            { code: '420100', name: '武汉市', level: 'CITY', parent: '420000' },
            { code: '420102', name: '江岸区', level: 'DISTRICT', parent: '420100' },
          ],
          enterprises: [
            ...seed.enterprises!,
            { id: 'ent-wh-sealant', name: '武汉江岸密封材料有限公司', region: '420102', industry: '密封材料', status: 'SUSPENDED', workforce: 80, epidemicCritical: false, expectedResumeDate: null, note: null },
          ],
          components: [...seed.components!, { id: 'cmp-aero-sealant', name: '航空密封胶', category: '化工材料' }],
          makes: [...seed.makes!, { enterprise: 'ent-wh-sealant', component: 'cmp-aero-sealant', capacityPerDay: null }],
          needs: [...seed.needs!, { enterprise: 'ent-qy-aero-parts', component: 'cmp-aero-sealant', stockDays: null }],
          supplies: [...seed.supplies!, { supplier: 'ent-wh-sealant', customer: 'ent-qy-aero-parts', component: 'cmp-aero-sealant', share: 1 }],
        };
        // Runs last in this graph: the extra supplier stays.
        expect((await app.datasets.load(world)).loaded).toBe(true);
        const body = await app.graphql<{ coordinationSuggestions: (Omit<Suggestion, 'addressee'> & { addressee: { id: string } | null; unroutableRegion: { code: string } | null })[] }>(
          `query($id: ID) { coordinationSuggestions(enterpriseId: $id, asOf: "2020-02-09") { key scope requester { id } addressee { id } unroutableRegion { code } targets { enterprise { id } } } }`,
          { id: 'ent-qy-aero-parts' },
        );
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
        const all = body.data!.coordinationSuggestions;
        expect(all.find((x) => x.addressee?.id === 'agency-tianjin')).toMatchObject({ scope: 'NATIONAL', requester: { id: 'agency-chengdu' }, unroutableRegion: null });
        expect(all.find((x) => x.targets.some((t) => t.enterprise.id === 'ent-wh-sealant'))).toMatchObject({
          scope: 'NATIONAL',
          requester: { id: 'agency-chengdu' },
          addressee: null,
          unroutableRegion: { code: '420100' },
        });
      });
    });
  });
}
