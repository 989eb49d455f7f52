/**
 * The questions the analysis answers, each with its two bodies side by
 * side, same answers either way:
 *
 *   fromReadModel  on this process's read model, checked current for the
 *                  question (read-model.ts): at once, so that it can run
 *                  while the check is on the wire; the model is also the
 *                  source of every record the answer names.
 *   fromNeo4j      on the part of the graph the question depends on,
 *                  fetched in one read (cypher.ts): no memory proportional
 *                  to the graph, but the cone of a blocked plant in a
 *                  national graph holds thousands of enterprises. The
 *                  fetched subgraph is the source of the records.
 */
import {
  AbleCache,
  blockingFlows,
  buildSupplyGraph,
  evaluateRegionReadiness,
  impact as impactIds,
  impactIndices,
  notReadyIndices,
  plantAllRootCauses,
  readinessTimeline,
  remainingReasons,
  restartPlan,
  restrictionImpact as restrictionImpactIds,
  restrictionImpactIndices,
  restartReadiness,
  type BlockingFlow,
  type SupplyGraph,
  type TimelineDay,
} from '../../analysis/index.ts';
import type { BlockedPlantInput } from '../../analysis/suggestions.ts';
import type { BlockedPlant, EnterpriseFacts, RestartReadiness } from '../../analysis/types.ts';
import type { Database, Tx } from '../../neo4j/database.ts';
import type { RecordSource } from '../shared/loaders.ts';
import { allCandidateIds, downstreamOf, fetchSubgraph, regionAtWorkAlways, regionCandidateIds, restrictionCustomers } from './cypher.ts';
import type { RegionImpactRecord, RestartPlanRecord, RestartPlanStepRecord } from './mappers.ts';
import type { AnalysisModel } from './model.ts';
import { firstAfter } from '../shared/pagination.ts';
import { subgraphRecords } from './records.ts';

export interface Question<Args extends unknown[], Answer> {
  fromReadModel(model: AnalysisModel, ...args: Args): Answer;
  /**
   * Evaluated only once the freshness check has answered, not while it is on
   * the wire: for questions whose evaluation takes seconds, there is no round
   * trip worth hiding, and the thread they hold would keep the check's
   * transaction open past its timeout.
   */
  readonly afterCheck?: true;
  /** The answer, with the records the fetch brought (none when it fetched no enterprise). */
  fromNeo4j(db: Database, requestId: string | undefined, ...args: Args): Promise<{ answer: Answer; records?: RecordSource }>;
}

export interface ImpactAnswer {
  /** The affected enterprises, in id order. */
  ids: string[];
  /** Their workforce, summed. */
  workforce: number;
  /** Rolled up to city and province, by code; a municipality is both and counted once. */
  byRegion: RegionImpactRecord[];
}

export interface BlockedAnswer {
  /** How many enterprises are blocked, and the workforce they idle. */
  totalCount: number;
  workforce: number;
  /** Up to `size` blocked enterprises after the id `after` (from the first when null), in id order. */
  page(after: string | null, size: number): string[];
  /** Unmet inputs and root causes of the given blocked enterprises: the walk only the page shown needs. */
  describe(ids: readonly string[]): Map<string, { blockedInputCount: number; rootCauseCount: number }>;
}

/** A step of the plan before it is routed. */
export type PlanStepAnswer = Omit<RestartPlanStepRecord, 'route'>;

export type PlanAnswer = Pick<RestartPlanRecord, 'remainingCount' | 'page' | 'reasons'> & { steps: PlanStepAnswer[] };

/** One plant whatever its status, or a region's plants whose readiness needs a look. */
export type PlantsOf = { enterpriseId: string } | { regionCode: string };

/** Workforce and regional roll-up of the affected enterprises. */
function rollUp(affected: Iterable<Pick<EnterpriseFacts, 'workforce' | 'city' | 'province'>>): Pick<ImpactAnswer, 'workforce' | 'byRegion'> {
  const byRegion = new Map<string, RegionImpactRecord>();
  let workforce = 0;
  for (const e of affected) {
    workforce += e.workforce;
    for (const code of e.city === e.province ? [e.city] : [e.city, e.province]) {
      if (!code) continue;
      let entry = byRegion.get(code);
      if (!entry) byRegion.set(code, (entry = { regionCode: code, count: 0, workforce: 0 }));
      entry.count += 1;
      entry.workforce += e.workforce;
    }
  }
  return { workforce, byRegion: [...byRegion.values()].sort((a, b) => (a.regionCode < b.regionCode ? -1 : 1)) };
}

function described(plants: readonly BlockedPlant[]): Map<string, { blockedInputCount: number; rootCauseCount: number }> {
  return new Map(plants.map((b) => [b.plant, { blockedInputCount: b.blockedInputs.length, rootCauseCount: b.rootCauseCount }]));
}

/** Blocked plants with their root causes, and the facts routing and ranking read of each. */
function withRootCauses(g: SupplyGraph, plants: readonly string[], asOf: string, cache: AbleCache, factsOf: (id: string) => EnterpriseFacts): BlockedPlantInput[] {
  const restrictionFacts = new Map(g.logistics.restrictions.map((r) => [r.id, r]));
  return plants.map((plant) => {
    const p = factsOf(plant);
    const causes = plantAllRootCauses(g, plant, asOf, cache);
    return {
      plant: { id: p.id, district: p.district, workforce: p.workforce, epidemicCritical: p.epidemicCritical },
      rootCauses: causes.rootCauses.map((r) => {
        const s = factsOf(r.enterprise);
        return { enterprise: { id: s.id, district: s.district, expectedResumeDate: s.expectedResumeDate, epidemicCritical: s.epidemicCritical }, components: r.components, tier: r.tier };
      }),
      logisticsRootCauses: causes.logisticsRootCauses.map((r) => {
        const fact = restrictionFacts.get(r.restriction)!;
        // An edge restriction is the supplier's region's to lift (DOMAIN.md, "Logistics").
        const region = fact.supply === null ? fact.region! : factsOf(fact.supply.supplier).district;
        return { restriction: { id: r.restriction, region }, components: r.components, tier: r.tier };
      }),
    };
  });
}

/** Readiness of a plant; null when there is no such enterprise. */
export const readiness: Question<[plantId: string, asOf: string], RestartReadiness | null> = {
  fromReadModel: (model, plantId, asOf) => (model.graph.indexOf(plantId) === undefined ? null : restartReadiness(model.trusted, plantId, asOf, model.cache)),
  fromNeo4j: async (db, requestId, plantId, asOf) => {
    const facts = await db.read({ operation: 'analysis.readiness', requestId }, (tx) => fetchSubgraph(tx, [plantId], plantId));
    const graph = buildSupplyGraph(facts);
    return { answer: graph.indexOf(plantId) === undefined ? null : restartReadiness(graph, plantId, asOf, new AbleCache()), records: subgraphRecords(facts) };
  },
};

/** Who the enterprise holds; null when there is no such enterprise. */
export const impact: Question<[enterpriseId: string, asOf: string], ImpactAnswer | null> = {
  fromReadModel: (model, enterpriseId, asOf) => {
    const g = model.graph;
    if (g.indexOf(enterpriseId) === undefined) return null;
    // The plain graph: forcing the enterprise suspended can take able0 away downstream of it.
    const affected = impactIndices(g, enterpriseId, asOf, model.cache);
    const ids = Array.from(affected, (i) => g.ids[i]!);
    return { ids, ...rollUp(Array.from(affected, (i) => g.enterprises[i]!)) };
  },
  fromNeo4j: async (db, requestId, enterpriseId, asOf) => {
    const facts = await db.read({ operation: 'analysis.impact', requestId }, async (tx) => fetchSubgraph(tx, await downstreamOf(tx, [enterpriseId])));
    const records = subgraphRecords(facts);
    const graph = buildSupplyGraph(facts);
    if (graph.indexOf(enterpriseId) === undefined) return { answer: null, records };
    const ids = impactIds(graph, enterpriseId, asOf, new AbleCache());
    const affected = new Set(ids);
    return { answer: { ids, ...rollUp(facts.enterprises.filter((e) => affected.has(e.id))) }, records };
  },
};

/** Who a restriction holds (DOMAIN.md, "Impact of a restriction"); null when there is no such restriction. */
export const restrictionImpact: Question<[restrictionId: string, asOf: string], ImpactAnswer | null> = {
  fromReadModel: (model, restrictionId, asOf) => {
    const g = model.graph;
    if (!g.logistics.restrictionIds.includes(restrictionId)) return null;
    const affected = restrictionImpactIndices(g, restrictionId, asOf, model.cache);
    return { ids: Array.from(affected, (i) => g.ids[i]!), ...rollUp(Array.from(affected, (i) => g.enterprises[i]!)) };
  },
  fromNeo4j: async (db, requestId, restrictionId, asOf) => {
    const facts = await db.read({ operation: 'analysis.restrictionImpact', requestId }, async (tx) =>
      fetchSubgraph(tx, await downstreamOf(tx, await restrictionCustomers(tx, restrictionId))),
    );
    const records = subgraphRecords(facts);
    const graph = buildSupplyGraph(facts);
    if (!graph.logistics.restrictionIds.includes(restrictionId)) return { answer: null, records };
    const ids = restrictionImpactIds(graph, restrictionId, asOf, new AbleCache());
    const affected = new Set(ids);
    return { answer: { ids, ...rollUp(facts.enterprises.filter((e) => affected.has(e.id))) }, records };
  },
};

/** Every non-CLOSED enterprise of the region's subtree that is not ready, in id order. */
export const blocked: Question<[regionCode: string, asOf: string], BlockedAnswer> = {
  fromReadModel: (model, regionCode, asOf) => {
    // A province can have tens of thousands blocked: counted by index, and only the page shown named.
    const g = model.trusted;
    const notReady = notReadyIndices(g, model.dashboardCandidates(regionCode), asOf, model.cache);
    let workforce = 0;
    for (const i of notReady) workforce += g.enterprises[i]!.workforce;
    return {
      totalCount: notReady.length,
      workforce,
      page: (after, size) => {
        // Indices ascend in id order.
        const from = after === null ? 0 : firstAfter(notReady.length, (j) => g.ids[notReady[j]!]!, after);
        return Array.from(notReady.subarray(from, from + size), (i) => g.ids[i]!);
      },
      describe: (ids) => described(evaluateRegionReadiness(g, ids, asOf, model.cache)),
    };
  },
  fromNeo4j: (db, requestId, regionCode, asOf) =>
    db.read({ operation: 'analysis.blocked', requestId }, async (tx) => {
      const candidates = await regionCandidateIds(tx, regionCode);
      if (candidates.length === 0) return { answer: { totalCount: 0, workforce: 0, page: () => [], describe: () => new Map() } };
      const facts = await fetchSubgraph(tx, candidates);
      const graph = buildSupplyGraph(facts);
      const workforce = new Map(facts.enterprises.map((e) => [e.id, e.workforce]));
      const plants = evaluateRegionReadiness(graph, candidates, asOf, new AbleCache());
      const details = described(plants);
      const ids = plants.map((b) => b.plant).sort();
      return {
        answer: {
          totalCount: ids.length,
          workforce: ids.reduce((sum, id) => sum + (workforce.get(id) ?? 0), 0),
          page: (after, size) => {
            const from = after === null ? 0 : firstAfter(ids.length, (j) => ids[j]!, after);
            return ids.slice(from, from + size);
          },
          describe: () => details,
        },
        records: subgraphRecords(facts),
      };
    }),
};

/**
 * The not-ready plants among one enterprise (whatever its status) or a
 * region's non-CLOSED ones, each with its root causes, as coordination
 * suggestions take them; null when the enterprise is unknown.
 */
export const blockedWithRootCauses: Question<[plants: PlantsOf, asOf: string], BlockedPlantInput[] | null> = {
  fromReadModel: (model, target, asOf) => {
    const g = model.trusted;
    let candidates: ArrayLike<number>;
    if ('enterpriseId' in target) {
      const i = g.indexOf(target.enterpriseId);
      if (i === undefined) return null;
      candidates = [i];
    } else {
      candidates = model.dashboardCandidates(target.regionCode);
    }
    const plants = Array.from(notReadyIndices(g, candidates, asOf, model.cache), (i) => g.ids[i]!);
    return withRootCauses(g, plants, asOf, model.cache, (id) => g.enterprises[g.indexOf(id)!]!);
  },
  fromNeo4j: (db, requestId, target, asOf) =>
    db.read({ operation: 'analysis.blockedWithRootCauses', requestId }, async (tx) => {
      const plants = 'enterpriseId' in target ? [target.enterpriseId] : await regionCandidateIds(tx, target.regionCode);
      const facts = await fetchSubgraph(tx, plants);
      const records = subgraphRecords(facts);
      const graph = buildSupplyGraph(facts);
      if ('enterpriseId' in target && graph.indexOf(target.enterpriseId) === undefined) return { answer: null, records };
      const info = new Map(facts.enterprises.map((e) => [e.id, e]));
      // One cache for the question: the root causes start from the able set the readiness settled.
      const cache = new AbleCache();
      const notReady = evaluateRegionReadiness(graph, plants, asOf, cache).map((b) => b.plant);
      return { answer: withRootCauses(graph, notReady, asOf, cache, (id) => info.get(id)!), records };
    }),
};

/**
 * Cross-province blocking flows into the not-ready plants of a region's
 * subtree, or of every region when null. From Neo4j: the candidates with
 * their cones, which hold every root cause on their walks.
 */
export const flows: Question<[regionCode: string | null, asOf: string], BlockingFlow[]> = {
  afterCheck: true,
  fromReadModel: (model, regionCode, asOf) => {
    const g = model.trusted;
    const candidates = regionCode === null ? model.candidatesAmong(0, g.size) : model.dashboardCandidates(regionCode);
    return blockingFlows(g, Array.from(candidates, (i) => g.ids[i]!), asOf, model.cache);
  },
  fromNeo4j: (db, requestId, regionCode, asOf) =>
    db.read({ operation: 'analysis.flows', requestId }, async (tx) => {
      const candidates = regionCode === null ? await allCandidateIds(tx) : await regionCandidateIds(tx, regionCode);
      if (candidates.length === 0) return { answer: [] };
      const facts = await fetchSubgraph(tx, candidates);
      const graph = buildSupplyGraph(facts);
      return { answer: blockingFlows(graph, candidates.filter((id) => graph.indexOf(id) !== undefined), asOf, new AbleCache()), records: subgraphRecords(facts) };
    }),
};

/** The plan on a graph, for the scope given by index; the pure answer's indices named. */
function planOn(g: SupplyGraph, scope: ArrayLike<number>, k: number, asOf: string, cache: AbleCache): PlanAnswer {
  const plan = restartPlan(g, scope, k, asOf, cache);
  const remaining = plan.remaining;
  const named = (xs: readonly number[]) => xs.map((i) => g.ids[i]!);
  return {
    steps: plan.steps.map((s) => ({
      enterprise: g.ids[s.enterprise]!,
      enterpriseDistrict: g.enterprises[s.enterprise]!.district,
      // A step frees someone by construction.
      firstFreedDistrict: g.enterprises[s.freed[0]!]!.district,
      freed: named(s.freed),
      blockedAnew: named(s.blockedAnew),
      freedWorkforce: s.freedWorkforce,
      freedPlants: s.freedPlants,
      totalWorkforce: s.totalWorkforce,
      totalPlants: s.totalPlants,
    })),
    remainingCount: remaining.length,
    page: (after, size) => {
      // Indices ascend in id order.
      const from = after === null ? 0 : firstAfter(remaining.length, (j) => g.ids[remaining[j]!]!, after);
      return Array.from(remaining.subarray(from, from + size), (i) => g.ids[i]!);
    },
    reasons: (ids) => {
      const plants = ids.map((id) => g.requireIndex(id));
      const reasons = remainingReasons(g, plan, plants, asOf, cache);
      return new Map(ids.map((id, j) => [id, reasons[j]!]));
    },
  };
}

const NO_PLAN: PlanAnswer = { steps: [], remainingCount: 0, page: () => [], reasons: () => new Map() };

/**
 * The restart plan of a region's subtree. From Neo4j: the region's dashboard
 * candidates with their cones, the fetch `blocked` makes. That is all a plan
 * needs: an OPERATING able0 enterprise is ready under any restarts (and relied
 * on no stock), and every restart that can free or block a candidate lies in
 * the candidate's cone, as does every path from it to the candidate.
 */
export const plan: Question<[regionCode: string, k: number, asOf: string], PlanAnswer> = {
  afterCheck: true,
  fromReadModel: (model, regionCode, k, asOf) => planOn(model.trusted, model.dashboardCandidates(regionCode), k, asOf, model.cache),
  fromNeo4j: (db, requestId, regionCode, k, asOf) =>
    db.read({ operation: 'analysis.plan', requestId }, async (tx) => {
      const candidates = await regionCandidateIds(tx, regionCode);
      if (candidates.length === 0) return { answer: NO_PLAN };
      const facts = await fetchSubgraph(tx, candidates);
      const graph = buildSupplyGraph(facts);
      const scope = candidates.map((id) => graph.indexOf(id)).filter((i) => i !== undefined);
      return { answer: planOn(graph, scope, k, asOf, new AbleCache()), records: subgraphRecords(facts) };
    }),
};

/**
 * The readiness timeline of a region's subtree. From Neo4j: the dashboard
 * candidates with their cones, as for the plan; the OPERATING able0
 * enterprises of the region are at work on every day and are counted by
 * one more statement instead of fetched.
 */
export const timeline: Question<[regionCode: string, from: string, days: number], TimelineDay[]> = {
  afterCheck: true,
  // Kept until the next change: a region's timeline is asked again by every desk watching it.
  fromReadModel: (model, regionCode, from, days) =>
    model.cache.derived(model.trusted, `readinessTimeline ${regionCode} ${from} ${days}`, (g) => readinessTimeline(g, model.regionMembers(regionCode), from, days, model.cache)),
  fromNeo4j: (db, requestId, regionCode, from, days) =>
    db.read({ operation: 'analysis.timeline', requestId }, async (tx) => {
      const always = await regionAtWorkAlways(tx, regionCode);
      const candidates = await regionCandidateIds(tx, regionCode);
      const facts = candidates.length === 0 ? null : await fetchSubgraph(tx, candidates);
      const graph = buildSupplyGraph(facts ?? { enterprises: [], needs: [], supplies: [], makes: [] });
      const scope = candidates.map((id) => graph.indexOf(id)).filter((i) => i !== undefined);
      const answer = readinessTimeline(graph, scope, from, days, new AbleCache()).map((d) => ({
        ...d,
        atWorkCount: d.atWorkCount + always.count,
        atWorkWorkforce: d.atWorkWorkforce + always.workforce,
      }));
      return facts === null ? { answer } : { answer, records: subgraphRecords(facts) };
    }),
};

/** Which of the plants are ready on `asOf`, inside a write that has not committed yet: always from Neo4j. */
export async function readyPlants(tx: Tx, plantIds: readonly string[], asOf: string): Promise<string[]> {
  if (plantIds.length === 0) return [];
  const graph = buildSupplyGraph(await fetchSubgraph(tx, plantIds));
  const known = plantIds.filter((id) => graph.indexOf(id) !== undefined);
  const notReady = new Set(evaluateRegionReadiness(graph, known, asOf).map((b) => b.plant));
  return known.filter((id) => !notReady.has(id));
}
