/**
 * The restart analysis over Neo4j. Two ways to answer, same answers:
 *
 *   memory  (default) a read model of the whole graph in this process
 *           (model.ts), checked against the store with one small query per
 *           question and brought up to date by replaying status changes;
 *           answers are computed in memory and only the records they name
 *           are read back. While the model (re)builds after a start or a
 *           load, questions are answered the other way.
 *   neo4j   every question fetches the part of the graph it depends on
 *           (cypher.ts) and evaluates it: no memory proportional to the
 *           graph, one Bolt round trip, but the cone of a blocked plant in
 *           a national graph holds thousands of enterprises.
 *
 * Either way the materialised `able0` flag in Neo4j is kept true after every
 * write that can change it, so the neo4j way stays available to every replica.
 */
import type { Logger } from 'pino';
import { buildSupplyGraph, evaluateRegionReadiness, impact, impactIndices, notReadyIndices, plantRootCauses, restartReadiness, type SupplyGraph } from '../../analysis/index.ts';
import type { BlockedPlantInput } from '../../analysis/suggestions.ts';
import { able0Mask } from '../../analysis/able0.ts';
import { AbleCache } from '../../analysis/able.ts';
import { parseDay } from '../../analysis/dates.ts';
import type { BlockedPlant, EnterpriseFacts, GraphFacts, RestartReadiness } from '../../analysis/types.ts';
import type { Database, Tx } from '../../neo4j/database.ts';
import {
  downstreamOf,
  fetchComponents,
  fetchModelPage,
  fetchSubgraph,
  lockAbleness,
  readModelVersion,
  regionEnterpriseIds,
  startEpoch,
  writeAble0,
} from './cypher.ts';
import type { RegionImpactRecord } from './mappers.ts';
import { AnalysisModel, type EnterpriseLabel } from './model.ts';
import { subgraphRecords } from './records.ts';
import type { GraphQLContext } from '../context.ts';
import { allRegions } from '../regions/cypher.ts';

export const ANALYSIS_READ_MODELS = ['memory', 'neo4j'] as const;
export type AnalysisReadModel = (typeof ANALYSIS_READ_MODELS)[number];

/** Enterprises per page when a read model is built: large enough to amortise a round trip, small enough to keep each result light. */
const MODEL_PAGE = 20_000;
/** Status changes replayed per question at most; a model further behind catches up over the next questions. */
const MAX_REPLAY = 1_000;

/** Enterprises settled per step while a day is prepared: small enough that questions meanwhile wait little. */
const PREPARE_STEP = 2_000;

export interface AnalysisOptions {
  readModel: AnalysisReadModel;
  log?: Logger;
  /**
   * Today (YYYY-MM-DD), the default `asOf`: with a read model, the able set
   * and readiness of every enterprise for today are settled in the
   * background once the model is built and whenever the day turns, so that
   * the day's first questions find them ready.
   */
  today?: () => string;
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

/**
 * The request an answer is for: its id for the logs, and the records it
 * holds. Every answer adds the records it already has (the read model, or
 * the subgraph it fetched) before it returns, so that the enterprises,
 * components and regions it names cost no further round trip.
 */
export type AnalysisRequest = Pick<GraphQLContext, 'requestId' | 'known'>;

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
  return plants.map((plant) => {
    const p = factsOf(plant);
    return {
      plant: { id: p.id, district: p.district, workforce: p.workforce, epidemicCritical: p.epidemicCritical },
      rootCauses: plantRootCauses(g, plant, asOf, cache).map((r) => {
        const s = factsOf(r.enterprise);
        return { enterprise: { id: s.id, district: s.district, expectedResumeDate: s.expectedResumeDate, epidemicCritical: s.epidemicCritical }, components: r.components, tier: r.tier };
      }),
    };
  });
}

export class AnalysisService {
  /** Questions answered from the read model and from Neo4j since start: what the logs and tests read to tell the ways apart. */
  readonly answered = { fromModel: 0, fromNeo4j: 0 };
  private model: AnalysisModel | null = null;
  private building: Promise<void> | null = null;
  /** The model and day prepared or being prepared, and the work under way. */
  private prepared: { model: AnalysisModel; day: string; done: Promise<void> } | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: AnalysisOptions = { readModel: 'memory' },
  ) {}

  /** The read model as it stands (memory mode, once built): the benchmark evaluates on it directly for the in-memory floor. */
  get currentReadModel(): AnalysisModel | null {
    return this.model;
  }

  get readModel(): AnalysisReadModel {
    return this.options.readModel;
  }

  /**
   * Reads the stored graph page by page into a model and replays the status
   * changes made meanwhile. Also returns the `able0` flags as stored, so a
   * refresh writes only those that differ.
   */
  private async buildModel(requestId?: string): Promise<{ model: AnalysisModel; stored: (boolean | null)[] }> {
    const head = await readModelVersion(this.db.single({ operation: 'analysis.model.version', requestId }), 0, 0);
    const facts: GraphFacts = { enterprises: [], needs: [], supplies: [], makes: [] };
    const stored: (boolean | null)[] = [];
    const labels: EnterpriseLabel[] = [];
    const components = await this.db.read({ operation: 'analysis.model.components', requestId }, (tx) => fetchComponents(tx));
    const regions = await this.db.read({ operation: 'analysis.model.regions', requestId }, (tx) => allRegions(tx));
    const codes = new Map<string, string>();
    const intern = (code: string) => codes.get(code) ?? (codes.set(code, code), code);
    for (let after = ''; ; ) {
      const rows = await this.db.read({ operation: 'analysis.model.page', requestId, timeoutMs: 120_000 }, (tx) => fetchModelPage(tx, after, MODEL_PAGE));
      for (const { facts: e, needs, supplies, makes } of rows) {
        const { storedAble0, name, industry, note, ...enterprise } = e;
        // A few thousand region codes repeat across a million enterprises: share them.
        facts.enterprises.push({ ...enterprise, district: intern(e.district), city: intern(e.city), province: intern(e.province) });
        labels.push({ id: e.id, name, industry, note });
        stored.push(storedAble0);
        for (const [component, stockDays] of needs) facts.needs.push({ enterprise: e.id, component, stockDays });
        for (const [supplier, component] of supplies) facts.supplies.push({ supplier, customer: e.id, component });
        for (const component of makes) facts.makes.push({ enterprise: e.id, component });
      }
      if (rows.length < MODEL_PAGE) break;
      after = rows[rows.length - 1]!.facts.id;
    }
    const model = new AnalysisModel(facts, head, labels, components, regions);
    for (;;) {
      const now = await readModelVersion(this.db.single({ operation: 'analysis.model.version', requestId }), model.seq, MAX_REPLAY);
      if (now.epoch !== head.epoch) break; // a load finished meanwhile: the next question sees the new epoch and rebuilds
      model.apply(now.changes);
      if (model.seq >= now.seq || now.changes.length === 0) break;
    }
    return { model, stored };
  }

  /**
   * Settles today's able set and every enterprise's readiness on the model,
   * a step at a time between questions (unless already done or under way for
   * this model and day). Readiness and the dashboard read the trusted graph,
   * impact the plain one; both keep the day whatever other days are asked.
   */
  private prepareDay(model: AnalysisModel): void {
    const today = this.options.today?.();
    if (today === undefined || (this.prepared?.model === model && this.prepared.day === today)) return;
    const day = parseDay(today);
    const stillWanted = () => this.model === model && this.options.today?.() === today;
    const done = (async () => {
      const started = performance.now();
      for (const graph of [model.trusted, model.graph]) {
        model.cache.keepDay(graph, day);
        for (let from = 0; from < graph.size; from += PREPARE_STEP) {
          await new Promise((resolve) => setImmediate(resolve));
          if (!stillWanted()) return;
          const solver = model.cache.plainSolver(graph, day);
          for (let i = from, end = Math.min(graph.size, from + PREPARE_STEP); i < end; i++) solver.isAble(i);
        }
      }
      for (let from = 0; from < model.graph.size; from += PREPARE_STEP) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!stillWanted()) return;
        notReadyIndices(model.trusted, model.candidatesAmong(from, Math.min(model.graph.size, from + PREPARE_STEP)), today, model.cache);
      }
      this.options.log?.info({ day: today, enterprises: model.graph.size, ms: Math.round(performance.now() - started) }, 'analysis day prepared');
    })().catch((error: unknown) => this.options.log?.warn({ err: error }, 'preparing the day failed; questions settle it as they come'));
    this.prepared = { model, day: today, done };
  }

  /** Resolves once today is prepared on the current read model (memory mode with a clock): for the benchmark and tests. */
  async whenDayPrepared(): Promise<void> {
    await this.whenCurrent();
    if (this.model) this.prepareDay(this.model);
    await this.prepared?.done;
  }

  /** Builds the read model in the background, once at a time; questions meanwhile are answered from Neo4j. */
  private rebuild(): void {
    this.building ??= this.buildModel()
      .then(({ model }) => {
        this.model = model;
        this.prepareDay(model);
        this.options.log?.info({ enterprises: model.graph.size, epoch: model.epoch, seq: model.seq }, 'analysis read model built');
      })
      .catch((error: unknown) => this.options.log?.warn({ err: error }, 'analysis read model build failed; answering from Neo4j'))
      .finally(() => {
        this.building = null;
      });
  }

  /** Starts building the read model (memory mode) without waiting for it. */
  warm(): void {
    if (this.options.readModel === 'memory') this.currentModel().catch((error: unknown) => this.options.log?.warn({ err: error }, 'analysis read model check failed'));
  }

  /** Resolves once the read model matches the store (memory mode), for startup and tests. */
  async whenCurrent(): Promise<void> {
    if (this.options.readModel !== 'memory') return;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.currentModel()) return;
      await this.building;
    }
  }

  /**
   * The read model, current with the store, or null when the question must
   * be answered from Neo4j (neo4j mode, a model still building, or a change
   * not yet visible). One statement; a second reads the changes the model is behind by.
   */
  private async currentModel(requestId?: string): Promise<AnalysisModel | null> {
    if (this.options.readModel !== 'memory') {
      this.answered.fromNeo4j++;
      return null;
    }
    const model = this.model;
    const stored = await readModelVersion(this.db.single({ operation: 'analysis.model.version', requestId }), model?.seq ?? 0, MAX_REPLAY);
    if (model && stored.epoch === model.epoch && stored.seq >= model.seq) {
      model.apply(stored.changes);
      if (model.seq === stored.seq) {
        this.prepareDay(model);
        this.answered.fromModel++;
        return model;
      }
      this.answered.fromNeo4j++;
      return null;
    }
    this.rebuild();
    this.answered.fromNeo4j++;
    return null;
  }

  /**
   * An answer from the read model, or undefined when the question must be
   * answered from Neo4j. The evaluation runs while the model's freshness
   * check is on the wire, so that the round trip hides it rather than adds to
   * it; the early answer is kept only when the check finds the very state it
   * was computed on current, and is computed again on the checked model when
   * the check replayed a change meanwhile.
   */
  private async fromModel<T>(request: AnalysisRequest, answer: (model: AnalysisModel) => T): Promise<T | undefined> {
    const checking = this.currentModel(request.requestId);
    const model = this.model;
    let early: { seq: number; value: T } | undefined;
    if (model) {
      // Lets the driver write the check to its socket before the evaluation takes the thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        if (this.model === model) early = { seq: model.seq, value: answer(model) };
      } catch {
        // Thrown again below, on the checked model, where the check's own failure comes first.
      }
    }
    const current = await checking;
    if (!current) return undefined;
    const value = early && current === model && current.seq === early.seq ? early.value : answer(current);
    request.known.add(current);
    return value;
  }

  /**
   * After a dataset load: recomputes `able0` for the whole graph, writes the
   * flags that differ, and starts a new epoch under the ableness lock, after
   * replaying the status changes made while the graph was read. In memory
   * mode the model built on the way becomes the read model.
   */
  async refreshAll(requestId?: string): Promise<void> {
    const { model, stored } = await this.buildModel(requestId);
    const differing: { id: string; able0: boolean }[] = [];
    model.graph.ids.forEach((id, i) => {
      const able0 = model.able0[i] === 1;
      if (stored[i] !== able0) differing.push({ id, able0 });
    });
    for (let start = 0; start < differing.length; start += 20_000) {
      const batch = differing.slice(start, start + 20_000);
      await this.db.write({ operation: 'analysis.refreshAll', requestId, timeoutMs: 300_000 }, (tx) => writeAble0(tx, batch));
    }
    const epoch = await this.db.write({ operation: 'analysis.refreshAll', requestId }, async (tx) => {
      await lockAbleness(tx);
      const flipped = new Set<number>();
      for (;;) {
        const now = await readModelVersion(tx, model.seq, MAX_REPLAY);
        for (const i of model.apply(now.changes)) flipped.add(i);
        if (model.seq >= now.seq || now.changes.length === 0) break;
      }
      await writeAble0(tx, [...flipped].map((i) => ({ id: model.graph.ids[i]!, able0: model.able0[i] === 1 })));
      return startEpoch(tx);
    });
    model.adopt(epoch);
    if (this.options.readModel === 'memory') {
      this.model = model;
      this.prepareDay(model);
    }
  }

  /**
   * Brings `able0` in Neo4j up to date after the statuses of `changed` were
   * written in `tx`: only enterprises downstream of a change can change, and
   * their cone outside that set keeps its (correct) flags.
   */
  async refreshAfterChange(tx: Tx, changed: readonly string[]): Promise<void> {
    await lockAbleness(tx);
    if (await this.refreshFromModel(tx, changed)) return;
    const affected = await downstreamOf(tx, changed);
    const graph = buildSupplyGraph(await fetchSubgraph(tx, affected));
    const mask = able0Mask(graph);
    const only = new Set(affected);
    await writeAble0(tx, graph.ids.flatMap((id, i) => (only.has(id) ? [{ id, able0: mask[i] === 1 }] : [])));
  }

  /**
   * The same in memory, when this process holds a model of the stored epoch:
   * a hub's downstream cone at national scale is far too large to fetch
   * inside a write. Under the lock every change before this transaction's
   * own has committed, so the model takes those for good; this
   * transaction's own changes only yield the flags to write. False when the
   * model cannot answer (then the caller fetches from Neo4j).
   */
  private async refreshFromModel(tx: Tx, changed: readonly string[]): Promise<boolean> {
    const model = this.model;
    if (this.options.readModel !== 'memory' || !model) return false;
    const stored = await readModelVersion(tx, model.seq, MAX_REPLAY);
    if (stored.epoch !== model.epoch) return false;
    const own = stored.changes.filter((c) => c.seq === stored.seq);
    model.apply(stored.changes.filter((c) => c.seq < stored.seq));
    if (model.seq !== stored.seq - 1 || own.length !== changed.length || !own.every((c) => changed.includes(c.enterpriseId))) return false;
    await writeAble0(tx, model.flipsIf(own));
    return true;
  }

  /** Readiness of a plant (null when there is no such enterprise): from the read model after its one check, or one fetch of its cone. */
  async readiness(request: AnalysisRequest, plantId: string, asOf: string): Promise<RestartReadiness | null> {
    const answer = await this.fromModel(request, (model) => ({
      report: model.graph.indexOf(plantId) === undefined ? null : restartReadiness(model.trusted, plantId, asOf, model.cache),
    }));
    if (answer) return answer.report;
    const facts = await this.db.read({ operation: 'analysis.readiness', requestId: request.requestId }, (tx) => fetchSubgraph(tx, [plantId], plantId));
    request.known.add(subgraphRecords(facts));
    const graph = buildSupplyGraph(facts);
    return graph.indexOf(plantId) === undefined ? null : restartReadiness(graph, plantId, asOf, new AbleCache());
  }

  /** Who the enterprise holds (null when there is no such enterprise). */
  async impact(request: AnalysisRequest, enterpriseId: string, asOf: string): Promise<ImpactAnswer | null> {
    const answer = await this.fromModel(request, (model): ImpactAnswer | null => {
      const g = model.graph;
      if (g.indexOf(enterpriseId) === undefined) return null;
      // The plain graph: forcing the enterprise suspended can take able0 away downstream of it.
      const affected = impactIndices(g, enterpriseId, asOf, model.cache);
      const ids = Array.from(affected, (i) => g.ids[i]!);
      return { ids, ...rollUp(Array.from(affected, (i) => g.enterprises[i]!)) };
    });
    if (answer !== undefined) return answer;
    const facts = await this.db.read({ operation: 'analysis.impact', requestId: request.requestId }, async (tx) => fetchSubgraph(tx, await downstreamOf(tx, [enterpriseId])));
    request.known.add(subgraphRecords(facts));
    const graph = buildSupplyGraph(facts);
    if (graph.indexOf(enterpriseId) === undefined) return null;
    const ids = impact(graph, enterpriseId, asOf, new AbleCache());
    const affected = new Set(ids);
    return { ids, ...rollUp(facts.enterprises.filter((e) => affected.has(e.id))) };
  }

  /** Every non-CLOSED enterprise of the region's subtree that is not ready, in id order. */
  async blocked(request: AnalysisRequest, regionCode: string, asOf: string): Promise<BlockedAnswer> {
    const answer = await this.fromModel(request, (model): BlockedAnswer => {
      // A province can have tens of thousands blocked: counted by index, and only the page shown named.
      const g = model.trusted;
      const blocked = notReadyIndices(g, model.dashboardCandidates(regionCode), asOf, model.cache);
      let workforce = 0;
      for (const i of blocked) workforce += g.enterprises[i]!.workforce;
      return {
        totalCount: blocked.length,
        workforce,
        page: (after, size) => {
          let from = 0;
          if (after !== null) {
            // Indices ascend in id order: the first blocked one whose id comes after `after`.
            let hi = blocked.length;
            while (from < hi) {
              const mid = (from + hi) >>> 1;
              if (g.ids[blocked[mid]!]! > after) hi = mid;
              else from = mid + 1;
            }
          }
          return Array.from(blocked.subarray(from, from + size), (i) => g.ids[i]!);
        },
        describe: (ids) => described(evaluateRegionReadiness(g, ids, asOf, model.cache)),
      };
    });
    if (answer) return answer;
    return this.db.read({ operation: 'analysis.blocked', requestId: request.requestId }, async (tx) => {
      const candidates = (await regionEnterpriseIds(tx, regionCode)).filter((e) => !(e.status === 'OPERATING' && e.able0)).map((e) => e.id);
      if (candidates.length === 0) return { totalCount: 0, workforce: 0, page: () => [], describe: () => new Map() };
      const facts = await fetchSubgraph(tx, candidates);
      request.known.add(subgraphRecords(facts));
      const graph = buildSupplyGraph(facts);
      const workforce = new Map(facts.enterprises.map((e) => [e.id, e.workforce]));
      const plants = evaluateRegionReadiness(graph, candidates, asOf, new AbleCache());
      const details = described(plants);
      const ids = plants.map((b) => b.plant).sort();
      return {
        totalCount: ids.length,
        workforce: ids.reduce((sum, id) => sum + (workforce.get(id) ?? 0), 0),
        page: (after, size) => (after === null ? ids : ids.filter((id) => id > after)).slice(0, size),
        describe: () => details,
      };
    });
  }

  /**
   * The not-ready plants among one enterprise (whatever its status) or a
   * region's non-CLOSED ones, each with its root causes, as coordination
   * suggestions take them; null when the enterprise is unknown.
   */
  async blockedWithRootCauses(request: AnalysisRequest, target: { enterpriseId: string } | { regionCode: string }, asOf: string): Promise<BlockedPlantInput[] | null> {
    const answer = await this.fromModel(request, (model) => {
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
      return { blocked: withRootCauses(g, plants, asOf, model.cache, (id) => g.enterprises[g.indexOf(id)!]!) };
    });
    if (answer !== undefined) return answer && answer.blocked;
    return this.db.read({ operation: 'analysis.blockedWithRootCauses', requestId: request.requestId }, async (tx) => {
      const plants =
        'enterpriseId' in target
          ? [target.enterpriseId]
          : (await regionEnterpriseIds(tx, target.regionCode)).filter((e) => !(e.status === 'OPERATING' && e.able0)).map((e) => e.id);
      const facts = await fetchSubgraph(tx, plants);
      request.known.add(subgraphRecords(facts));
      const graph = buildSupplyGraph(facts);
      if ('enterpriseId' in target && graph.indexOf(target.enterpriseId) === undefined) return null;
      const info = new Map(facts.enterprises.map((e) => [e.id, e]));
      const cache = new AbleCache();
      const notReady = evaluateRegionReadiness(graph, plants, asOf, cache).map((b) => b.plant);
      return withRootCauses(graph, notReady, asOf, cache, (id) => info.get(id)!);
    });
  }

  /** Whether each plant is ready on `asOf`, inside a write that has not committed yet: always from Neo4j. */
  async readyPlants(tx: Tx, plantIds: readonly string[], asOf: string): Promise<string[]> {
    if (plantIds.length === 0) return [];
    const graph = buildSupplyGraph(await fetchSubgraph(tx, plantIds));
    const known = plantIds.filter((id) => graph.indexOf(id) !== undefined);
    const notReady = new Set(evaluateRegionReadiness(graph, known, asOf).map((b) => b.plant));
    return known.filter((id) => !notReady.has(id));
  }
}
