/**
 * The restart analysis as the rest of the service sees it: the questions,
 * and the writes that keep the analysis true. Two ways to answer, same
 * answers (each question's two bodies: answers.ts):
 *
 *   memory  (default) a read model of the whole graph in this process
 *           (read-model.ts), checked against the store with one small query
 *           per question and brought up to date by replaying status
 *           changes, with today settled on it in the background
 *           (day-settling.ts). While the model (re)builds after a start or
 *           a load, questions are answered the other way.
 *   neo4j   every question fetches the part of the graph it depends on.
 *
 * Either way the materialised `able0` flag in Neo4j is kept true after every
 * write that can change it (able0-upkeep.ts), so the neo4j way stays
 * available to every replica.
 */
import type { Logger } from 'pino';
import type { BlockingFlow } from '../../analysis/flows.ts';
import type { BlockedPlantInput } from '../../analysis/suggestions.ts';
import type { TimelineDay } from '../../analysis/timeline.ts';
import type { RestartReadiness } from '../../analysis/types.ts';
import type { Database, Tx } from '../../neo4j/database.ts';
import type { GraphQLContext } from '../context.ts';
import type { KnownRecords } from '../shared/loaders.ts';
import { refreshAfterChange, refreshAfterRestriction, refreshAll } from './able0-upkeep.ts';
import * as questions from './answers.ts';
import type { BlockedAnswer, ImpactAnswer, PlanAnswer, PlantsOf, Question } from './answers.ts';
import { DaySettling } from './day-settling.ts';
import type { AnalysisModel } from './model.ts';
import { ReadModel, type ReadModelStatus } from './read-model.ts';

export const ANALYSIS_READ_MODELS = ['memory', 'neo4j'] as const;
export type AnalysisReadModel = (typeof ANALYSIS_READ_MODELS)[number];

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

/**
 * The request an answer is for: its id for the logs, and the records it
 * holds. Every answer adds the records it already has (the read model, or
 * the subgraph it fetched) before it returns, so that the enterprises,
 * components and regions it names cost no further round trip.
 */
export type AnalysisRequest = Pick<GraphQLContext, 'requestId' | 'known'>;

export class AnalysisService {
  /** Questions answered from the read model and from Neo4j since start: what the logs and tests read to tell the ways apart. */
  readonly answered = { fromModel: 0, fromNeo4j: 0 };
  /** This process's read model (memory mode only). */
  private readonly model: ReadModel | null;
  private readonly days: DaySettling;
  /** Each request's freshness check for its reads of the supply graph, made once. */
  private readonly checkedFor = new WeakMap<KnownRecords, Promise<AnalysisModel | null>>();

  constructor(
    private readonly db: Database,
    private readonly options: AnalysisOptions = { readModel: 'memory' },
  ) {
    const { log, today } = options;
    this.days = new DaySettling({ log, today, current: () => this.model?.current ?? null });
    this.model = options.readModel === 'memory' ? new ReadModel(db, { log, answered: this.answered, onCurrent: (model) => this.days.settle(model) }) : null;
  }

  /** The read model as it stands (memory mode, once built): the benchmark evaluates on it directly for the in-memory floor. */
  get currentReadModel(): AnalysisModel | null {
    return this.model?.current ?? null;
  }

  /** The read model's builds and lag (memory mode), for the metrics; null in `neo4j` mode. */
  get readModelStatus(): Readonly<ReadModelStatus> | null {
    return this.model?.status ?? null;
  }

  get readModel(): AnalysisReadModel {
    return this.options.readModel;
  }

  /** Starts building the read model (memory mode) without waiting for it. */
  warm(): void {
    this.model?.warm();
  }

  /** Resolves once the read model matches the store (memory mode), for startup and tests. */
  async whenCurrent(): Promise<void> {
    await this.model?.whenCurrent();
  }

  /** Resolves once today is settled on the current read model (memory mode with a clock): for the benchmark and tests. */
  async whenDayPrepared(): Promise<void> {
    await this.whenCurrent();
    const model = this.currentReadModel;
    if (model) this.days.settle(model);
    await this.days.whenSettled();
  }

  /** After a dataset load: `able0` recomputed whole and a new epoch (see able0-upkeep.ts). */
  refreshAll(requestId?: string): Promise<void> {
    return refreshAll(this.db, this.model, requestId);
  }

  /** Inside the write that changed the statuses of `changed`: `able0` brought up to date downstream of them. */
  refreshAfterChange(tx: Tx, changed: readonly string[]): Promise<void> {
    return refreshAfterChange(tx, this.model, changed);
  }

  /**
   * Inside the write that imposed or lifted a restriction and recorded its
   * change: `able0` brought up to date downstream of the edges it applies
   * to (`customers`: their customers, read only when needed).
   */
  refreshAfterRestriction(tx: Tx, restrictionId: string, customers: () => Promise<string[]>): Promise<void> {
    return refreshAfterRestriction(tx, this.model, restrictionId, customers);
  }

  /**
   * The read model for the request's reads of the supply graph, checked
   * current once per request (one statement) and then known to it, so every
   * level of a nested selection is read from memory; null in `neo4j` mode,
   * before the model is built, or while it is behind: the reads then go to
   * Neo4j, shaped from the selection.
   */
  wholeGraph(request: AnalysisRequest): Promise<AnalysisModel | null> {
    if (!this.model) return Promise.resolve(null);
    let checked = this.checkedFor.get(request.known);
    if (!checked) {
      checked = this.model.currentFor(request.requestId).then((model) => {
        if (model) request.known.addWhole(model);
        return model;
      });
      this.checkedFor.set(request.known, checked);
    }
    return checked;
  }

  /** Readiness of a plant (null when there is no such enterprise): from the read model after its one check, or one fetch of its cone. */
  readiness(request: AnalysisRequest, plantId: string, asOf: string): Promise<RestartReadiness | null> {
    return this.answer(request, questions.readiness, plantId, asOf);
  }

  /** Who the enterprise holds (null when there is no such enterprise). */
  impact(request: AnalysisRequest, enterpriseId: string, asOf: string): Promise<ImpactAnswer | null> {
    return this.answer(request, questions.impact, enterpriseId, asOf);
  }

  /** Who the restriction holds (null when there is no such restriction). */
  restrictionImpact(request: AnalysisRequest, restrictionId: string, asOf: string): Promise<ImpactAnswer | null> {
    return this.answer(request, questions.restrictionImpact, restrictionId, asOf);
  }

  /** Every non-CLOSED enterprise of the region's subtree that is not ready, in id order. */
  blocked(request: AnalysisRequest, regionCode: string, asOf: string): Promise<BlockedAnswer> {
    return this.answer(request, questions.blocked, regionCode, asOf);
  }

  /** The not-ready plants with their root causes, as coordination suggestions take them; null when the enterprise is unknown. */
  blockedWithRootCauses(request: AnalysisRequest, plants: PlantsOf, asOf: string): Promise<BlockedPlantInput[] | null> {
    return this.answer(request, questions.blockedWithRootCauses, plants, asOf);
  }

  /** Which restarts, asked for first, free the most workforce of the region's subtree, in at most k steps. */
  plan(request: AnalysisRequest, regionCode: string, k: number, asOf: string): Promise<PlanAnswer> {
    return this.answer(request, questions.plan, regionCode, k, asOf);
  }

  /** Cross-province blocking flows into the not-ready plants of the region's subtree (every region's when null). */
  flows(request: AnalysisRequest, regionCode: string | null, asOf: string): Promise<BlockingFlow[]> {
    return this.answer(request, questions.flows, regionCode, asOf);
  }

  /** Blocked and at work in the region's subtree, per day from `from`. */
  timeline(request: AnalysisRequest, regionCode: string, from: string, days: number): Promise<TimelineDay[]> {
    return this.answer(request, questions.timeline, regionCode, from, days);
  }

  /** The question answered from the read model when it is current, else from Neo4j; either way its records go to the request. */
  private async answer<Args extends unknown[], Answer>(request: AnalysisRequest, question: Question<Args, Answer>, ...args: Args): Promise<Answer> {
    if (this.model) {
      const kept = await this.model.answer(request.requestId, (model) => question.fromReadModel(model, ...args), { overlap: !question.afterCheck });
      if (kept) {
        request.known.add(kept.model);
        if (!this.checkedFor.has(request.known)) {
          request.known.addWhole(kept.model);
          this.checkedFor.set(request.known, Promise.resolve(kept.model));
        }
        return kept.value;
      }
    } else {
      this.answered.fromNeo4j++;
    }
    const { answer, records } = await question.fromNeo4j(this.db, request.requestId, ...args);
    if (records) request.known.add(records);
    return answer;
  }
}
