/**
 * Logistics root causes as bureaus act on them, on the 2020 seed as of
 * 2020-02-09: who should ask whom to lift Wuhou's border check and the
 * closed EVA route to Jinjiang, a request filed on the border check, and its
 * lifting reaching that request and the live inbox of Wuhou and above.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../../src/dataset/seed.ts';
import type { RestrictionEventNoticeRecord } from '../../../src/modules/logistics/mappers.ts';
import { ANALYSIS_READ_MODELS } from '../../../src/modules/analysis/service.ts';
import { createTestApp, emptyGraph, tokenFor, type TestApp } from '../../support/graph.ts';

type Suggestion = {
  key: string;
  scope: string;
  originator: { id: string } | null;
  requester: { id: string } | null;
  addressee: { id: string } | null;
  copied: { id: string }[];
  targets: { enterprise: { id: string } }[];
  restrictions: { restriction: { id: string }; components: { id: string }[]; tier: number }[];
  plants: { enterprise: { id: string } }[];
  priority: number;
  existingRequest: { id: string } | null;
};

const SUGGESTIONS = `query($id: ID!) { coordinationSuggestions(enterpriseId: $id) {
  key scope originator { id } requester { id } addressee { id } copied { id }
  targets { enterprise { id } }
  restrictions { restriction { id } components { id } tier }
  plants { enterprise { id } } priority existingRequest { id }
} }`;

async function suggestions(app: TestApp, id: string): Promise<Suggestion[]> {
  const body = await app.graphql<{ coordinationSuggestions: Suggestion[] }>(SUGGESTIONS, { id });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.coordinationSuggestions;
}

const withRestriction = (list: Suggestion[], id: string) => list.filter((s) => s.restrictions.some((r) => r.restriction.id === id));

for (const mode of ANALYSIS_READ_MODELS) {
  describe(`logistics root causes routed, answered from ${mode === 'memory' ? 'the read model' : 'Neo4j'}`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: mode } });
      await emptyGraph(app.db);
      expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
      await app.analysis.whenCurrent();
    });
    afterAll(() => app.close());

    it("the mask plant's ear loops: Qingyang's bureau asks Wuhou's to lift the border check, Chengdu copied", async () => {
      const [border, ...others] = withRestriction(await suggestions(app, 'ent-qy-mask'), 'rst-wh-border');
      expect(others).toEqual([]);
      expect(border).toMatchObject({
        key: 'agency-qingyang→agency-wuhou',
        scope: 'CITY',
        originator: { id: 'agency-qingyang' },
        requester: { id: 'agency-qingyang' },
        addressee: { id: 'agency-wuhou' },
        copied: [{ id: 'agency-chengdu' }],
        restrictions: [{ restriction: { id: 'rst-wh-border' }, components: [{ id: 'cmp-ear-loop' }, { id: 'cmp-spandex' }], tier: 1 }],
        existingRequest: null,
      });
      expect(border!.plants.map((p) => p.enterprise.id)).toContain('ent-qy-mask');
      // The plants it blocks count as for an enterprise target: at least 500 for the mask plant.
      expect(border!.priority).toBeGreaterThanOrEqual(500);
    });

    it("Jinjiang's suit plant: Chengdu asks Lianyungang's bureau (Lianyun district has none) about the closed EVA route and the district's outbound ban", async () => {
      const found = withRestriction(await suggestions(app, 'ent-jj-suit'), 'rst-jj-suit-eva');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        key: 'agency-chengdu→agency-lianyungang',
        scope: 'NATIONAL',
        originator: { id: 'agency-chengdu' },
        requester: { id: 'agency-chengdu' },
        addressee: { id: 'agency-lianyungang' },
        copied: [{ id: 'agency-jiangsu' }, { id: 'agency-sichuan' }],
      });
      expect(found[0]!.restrictions.map((r) => r.restriction.id)).toEqual(['rst-jj-suit-eva', 'rst-lyg-outbound']);
      expect(found[0]!.restrictions[0]).toEqual({ restriction: { id: 'rst-jj-suit-eva' }, components: [{ id: 'cmp-eva' }], tier: 1 });
    });
  });
}

describe('a request on a restriction', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const FILE = `mutation($input: FileCoordinationRequestInput!) { fileCoordinationRequest(input: $input) {
    joined request { id requesters { id } targets { enterprise { id } } restrictionTargets { restriction { id until } component { id } } plants { id }
      events { seq kind note readyPlants { id } } }
  } }`;
  type Filed = {
    joined: boolean;
    request: {
      id: string;
      requesters: { id: string }[];
      targets: unknown[];
      restrictionTargets: { restriction: { id: string; until: string | null }; component: { id: string } }[];
      plants: { id: string }[];
      events: { seq: number; kind: string; note: string | null; readyPlants: { id: string }[] | null }[];
    };
  };
  const borderFiling = (key: string, overrides: Record<string, unknown> = {}) => ({
    input: {
      addresseeAgencyId: 'agency-wuhou',
      copiedAgencyIds: ['agency-chengdu'],
      restrictionTargets: [{ restrictionId: 'rst-wh-border', componentId: 'cmp-ear-loop' }],
      plantIds: ['ent-qy-mask'],
      message: '请协调武侯区区界查验，放行青羊区口罩厂的耳带',
      dueDate: '2020-02-12',
      idempotencyKey: key,
      ...overrides,
    },
  });

  beforeAll(async () => {
    app = await createTestApp({ today: '2020-02-09' });
    await emptyGraph(app.db);
    expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
    await app.analysis.whenCurrent();
    tokens.qingyang = await tokenFor({ agency: 'agency-qingyang', role: 'COORDINATOR', user: 'qy-1' });
    tokens.chengdu = await tokenFor({ agency: 'agency-chengdu', role: 'COORDINATOR', user: 'cd-1' });
    tokens.wuhou = await tokenFor({ agency: 'agency-wuhou', role: 'COORDINATOR', user: 'wh-1' });
  });
  afterAll(() => app.close());

  it('refuses an unknown restriction, naming the field, and files nothing', async () => {
    const body = await app.graphqlAs(tokens.qingyang!, FILE, borderFiling('k-unknown', { restrictionTargets: [{ restrictionId: 'rst-nowhere', componentId: 'cmp-ear-loop' }] }));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.restrictionTargets[0].restrictionId' });
    expect(body.errors?.[0]?.message).toContain('no restriction has id "rst-nowhere"');
    const none = await app.graphql<{ coordinationRequests: { totalCount: number } }>('{ coordinationRequests { totalCount } }');
    expect(none.data?.coordinationRequests.totalCount).toBe(0);
  });

  it('refuses a filing with no target at all', async () => {
    const body = await app.graphqlAs(tokens.qingyang!, FILE, borderFiling('k-empty', { restrictionTargets: [] }));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.targets' });
  });

  it('files on the border check, shows the restriction target, and a second filing on it joins', async () => {
    const first = await app.graphqlAs<{ fileCoordinationRequest: Filed }>(tokens.qingyang!, FILE, borderFiling('k-1'));
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    const filed = first.data!.fileCoordinationRequest;
    expect(filed.joined).toBe(false);
    expect(filed.request.targets).toEqual([]);
    expect(filed.request.restrictionTargets).toEqual([{ restriction: { id: 'rst-wh-border', until: '2020-02-17' }, component: { id: 'cmp-ear-loop' } }]);

    const again = await app.graphqlAs<{ fileCoordinationRequest: Filed }>(tokens.chengdu!, FILE, borderFiling('k-2', { copiedAgencyIds: [] }));
    expect(again.errors, JSON.stringify(again.errors)).toBeUndefined();
    expect(again.data!.fileCoordinationRequest).toMatchObject({ joined: true, request: { id: filed.request.id, requesters: [{ id: 'agency-qingyang' }, { id: 'agency-chengdu' }] } });

    // The suggestion now points at it.
    const [border] = withRestriction(await suggestions(app, 'ent-qy-mask'), 'rst-wh-border');
    expect(border?.existingRequest).toEqual({ id: filed.request.id });
  });

  it("lifting the check tells the open request, with the plants ready from that day (none yet), and Wuhou's inbox and those above it hear of it", async () => {
    const listen = (agencyId: string) => {
      const received: RestrictionEventNoticeRecord[] = [];
      const iterator = app.restrictionEvents.subscribe(agencyId)[Symbol.asyncIterator]();
      void (async () => {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) received.push(next.value);
      })();
      return { received, stop: () => void iterator.return?.() };
    };
    const agencies = ['agency-wuhou', 'agency-chengdu', 'agency-sichuan', 'agency-qingyang'];
    const inboxes = Object.fromEntries(agencies.map((id) => [id, listen(id)]));
    await expect.poll(() => agencies.map((id) => app.restrictionEvents.subscribers(id))).toEqual([1, 1, 1, 1]);

    const lifted = await app.graphqlAs<{ liftRestriction: { id: string; until: string } }>(tokens.wuhou!, 'mutation { liftRestriction(id: "rst-wh-border", on: "2020-02-10") { id until } }');
    expect(lifted.errors, JSON.stringify(lifted.errors)).toBeUndefined();
    expect(lifted.data!.liftRestriction.until).toBe('2020-02-10');

    const read = await app.graphql<{ coordinationRequest: Filed['request'] }>(
      `{ coordinationRequest(id: "CR-000001") { id events { seq kind note readyPlants { id } } } }`,
    );
    const last = read.data!.coordinationRequest.events.at(-1)!;
    expect(last.kind).toBe('TARGET_RESUMED');
    expect(last.note).toContain('rst-wh-border');
    // Deliveries move again, but the mask plant still waits for its suspended nose-wire and elastic makers: not ready yet.
    expect(last.readyPlants).toEqual([]);
    const mask = await app.graphql<{ restartReadiness: { ready: boolean; logisticsRootCauses: unknown[]; rootCauses: { enterprise: { id: string } }[] } }>(
      '{ restartReadiness(enterpriseId: "ent-qy-mask", asOf: "2020-02-10") { ready logisticsRootCauses { tier } rootCauses { enterprise { id } } } }',
    );
    expect(mask.data!.restartReadiness).toMatchObject({ ready: false, logisticsRootCauses: [] });
    expect(mask.data!.restartReadiness.rootCauses.map((r) => r.enterprise.id)).toContain('ent-qy-nose-wire');

    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const id of ['agency-wuhou', 'agency-chengdu', 'agency-sichuan']) {
      expect(inboxes[id]!.received.map((n) => [n.restriction.id, n.event.kind, n.restriction.until])).toEqual([['rst-wh-border', 'LIFTED', '2020-02-10']]);
    }
    expect(inboxes['agency-qingyang']!.received).toEqual([]);
    for (const inbox of Object.values(inboxes)) inbox.stop();
  });

  it('over GraphQL, a subscriber of another agency is refused', async () => {
    const body = await app.graphqlAs(tokens.qingyang!, 'subscription { restrictionEvents(agencyId: "agency-wuhou") { event { seq } } }', {}, { accept: 'application/graphql-response+json' });
    expect(JSON.stringify(body)).toContain('FORBIDDEN');
  });
});
