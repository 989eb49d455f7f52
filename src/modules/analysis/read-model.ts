/**
 * This process's read model of the stored graph (the data structure and
 * why it can be trusted: model.ts): built page by page, rebuilt in the
 * background when a load has started a new epoch, and checked before every
 * answer with one small statement that also replays the status changes it
 * has not seen yet.
 */
import type { Logger } from 'pino';
import type { Database } from '../../neo4j/database.ts';
import { allAgencies, allRegions } from '../regions/cypher.ts';
import { fetchComponents, fetchLogistics, fetchModelPage, readModelVersion } from './cypher.ts';
import type { ModelFacts } from './catalogue.ts';
import { AnalysisModel, type EnterpriseLabel } from './model.ts';

/** Enterprises per page when a read model is built: large enough to amortise a round trip, small enough to keep each result light. */
const MODEL_PAGE = 20_000;
/** Status changes replayed per question at most; a model further behind catches up over the next questions. */
export const MAX_REPLAY = 1_000;

/**
 * Reads the stored graph page by page into a model and replays the status
 * changes made meanwhile. Also returns the `able0` flags as stored, so a
 * refresh writes only those that differ.
 */
export async function buildReadModel(db: Database, requestId?: string): Promise<{ model: AnalysisModel; stored: (boolean | null)[] }> {
  const head = await readModelVersion(db.single({ operation: 'analysis.model.version', requestId }), 0, 0);
  const facts: ModelFacts = { enterprises: [], needs: [], supplies: [], makes: [] };
  const stored: (boolean | null)[] = [];
  const labels: EnterpriseLabel[] = [];
  const components = await db.read({ operation: 'analysis.model.components', requestId }, (tx) => fetchComponents(tx));
  const regions = await db.read({ operation: 'analysis.model.regions', requestId }, (tx) => allRegions(tx));
  const agencies = await db.read({ operation: 'analysis.model.agencies', requestId }, (tx) => allAgencies(tx));
  const logistics = await db.read({ operation: 'analysis.model.logistics', requestId }, (tx) => fetchLogistics(tx));
  facts.restrictions = logistics.restrictions;
  facts.loans = logistics.loans;
  const codes = new Map<string, string>();
  const intern = (code: string) => codes.get(code) ?? (codes.set(code, code), code);
  for (let after = ''; ; ) {
    const rows = await db.read({ operation: 'analysis.model.page', requestId, timeoutMs: 120_000 }, (tx) => fetchModelPage(tx, after, MODEL_PAGE));
    for (const { facts: e, needs, supplies: into, makes: made } of rows) {
      const { storedAble0, name, industry, note, ...enterprise } = e;
      // A few thousand region codes repeat across a million enterprises: share them.
      facts.enterprises.push({ ...enterprise, district: intern(e.district), city: intern(e.city), province: intern(e.province) });
      labels.push({ id: e.id, name, industry, note });
      stored.push(storedAble0);
      for (const [component, stockDays] of needs) facts.needs.push({ enterprise: e.id, component, stockDays });
      for (const [supplier, component, share] of into) facts.supplies.push({ supplier, customer: e.id, component, share });
      for (const [component, capacityPerDay] of made) facts.makes.push({ enterprise: e.id, component, capacityPerDay });
    }
    if (rows.length < MODEL_PAGE) break;
    after = rows[rows.length - 1]!.facts.id;
  }
  const model = new AnalysisModel(facts, head, labels, components, regions, agencies);
  for (;;) {
    const now = await readModelVersion(db.single({ operation: 'analysis.model.version', requestId }), model.seq, MAX_REPLAY);
    if (now.epoch !== head.epoch) break; // a load finished meanwhile: the next question sees the new epoch and rebuilds
    model.apply(now.changes);
    if (model.seq >= now.seq || now.changes.length === 0) break;
  }
  return { model, stored };
}

export interface ReadModelOptions {
  log?: Logger;
  /** Counted by every freshness check: whether it found the model current, or the question goes to Neo4j. */
  answered: { fromModel: number; fromNeo4j: number };
  /** Told of every model found or made current (after a build, a load, or a check), to settle the day on it. */
  onCurrent: (model: AnalysisModel) => void;
}

/** What the metrics report of a read model: its builds, and how far behind Neo4j the last freshness check found it. */
export interface ReadModelStatus {
  builds: number;
  /** Seconds the last completed build took, from the first page read to the model answering. */
  lastBuildSeconds: number | null;
  /** As of the last check: whether the model is of another load epoch than Neo4j (or not built yet). */
  epochBehind: boolean;
  /** As of the last check: status changes Neo4j holds that the model has not replayed yet. */
  seqLag: number;
}

export class ReadModel {
  private model: AnalysisModel | null = null;
  private building: Promise<void> | null = null;
  /** The freshness check on the wire, and the one that waits for it to return (see `sharedCheck`). */
  private checking: Promise<AnalysisModel | null> | null = null;
  private nextCheck: Promise<AnalysisModel | null> | null = null;
  readonly status: ReadModelStatus = { builds: 0, lastBuildSeconds: null, epochBehind: true, seqLag: 0 };

  constructor(
    private readonly db: Database,
    private readonly options: ReadModelOptions,
  ) {}

  /** The model as it stands, current or not (null until one is built). */
  get current(): AnalysisModel | null {
    return this.model;
  }

  /** Answers come from `model` from now on: one just built, or built by a load that wrote what it holds. */
  setCurrent(model: AnalysisModel): void {
    this.model = model;
    this.options.onCurrent(model);
  }

  /** Builds the model in the background, once at a time; questions meanwhile are answered from Neo4j. */
  private rebuild(): void {
    const started = performance.now();
    this.building ??= buildReadModel(this.db)
      .then(({ model }) => {
        this.status.builds++;
        this.status.lastBuildSeconds = (performance.now() - started) / 1000;
        this.setCurrent(model);
        this.options.log?.info({ enterprises: model.graph.size, epoch: model.epoch, seq: model.seq }, 'analysis read model built');
      })
      .catch((error: unknown) => this.options.log?.warn({ err: error }, 'analysis read model build failed; answering from Neo4j'))
      .finally(() => {
        this.building = null;
      });
  }

  /** Starts building the model without waiting for it. */
  warm(): void {
    this.check().catch((error: unknown) => this.options.log?.warn({ err: error }, 'analysis read model check failed'));
  }

  /** Resolves once the model matches the store, for startup and tests. */
  async whenCurrent(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.check()) return;
      await this.building;
    }
  }

  /**
   * The freshness check: the model, current with the store, or null when
   * the question must be answered from Neo4j (a model still building, or a
   * change not yet visible). Counted per question in `answered`.
   */
  private async check(requestId?: string): Promise<AnalysisModel | null> {
    const current = await this.sharedCheck(requestId);
    this.options.answered[current ? 'fromModel' : 'fromNeo4j']++;
    return current;
  }

  /**
   * Concurrent questions share checks: a check speaks for every question
   * that arrived before it was sent, since it reads at least what was
   * acknowledged before that question. So a question arriving while a
   * check is on the wire waits for the next one, sent as soon as that check
   * returns, together with every question that arrives meanwhile. One
   * question at a time sends its own check at once, as before; ten at a
   * time send about two checks per round trip instead of ten, which on a
   * machine whose cores Neo4j shares is most of a cheap read's cost.
   */
  private sharedCheck(requestId?: string): Promise<AnalysisModel | null> {
    if (!this.checking) {
      this.checking = this.probe(requestId).finally(() => {
        this.checking = null;
      });
      return this.checking;
    }
    this.nextCheck ??= this.checking
      .catch(() => undefined)
      .then(() => {
        this.nextCheck = null;
        return this.sharedCheck(requestId);
      });
    return this.nextCheck;
  }

  /** One check on the wire: one statement, which also returns the changes the model is behind by, replayed on it. */
  private async probe(requestId?: string): Promise<AnalysisModel | null> {
    const model = this.model;
    const stored = await readModelVersion(this.db.single({ operation: 'analysis.model.version', requestId }), model?.seq ?? 0, MAX_REPLAY);
    if (model && stored.epoch === model.epoch && stored.seq >= model.seq) {
      model.apply(stored.changes);
      this.status.epochBehind = false;
      this.status.seqLag = stored.seq - model.seq;
      if (model.seq !== stored.seq) return null;
      this.options.onCurrent(model);
      return model;
    }
    this.status.epochBehind = true;
    this.status.seqLag = model ? Math.max(0, stored.seq - model.seq) : stored.seq;
    this.rebuild();
    return null;
  }

  /** The model after its freshness check, when it is current; null when reads must go to Neo4j. */
  currentFor(requestId?: string): Promise<AnalysisModel | null> {
    return this.check(requestId);
  }

  /**
   * An answer evaluated on the model it was checked current on, with that
   * model, or undefined when the question must be answered from Neo4j. The
   * evaluation runs while the freshness check is on the wire, so that the
   * round trip hides it rather than adds to it; the early answer is kept
   * only when the check finds the very state it was computed on current,
   * and is computed again on the checked model when the check replayed a
   * change meanwhile.
   */
  async answer<T>(
    requestId: string | undefined,
    evaluate: (model: AnalysisModel) => T,
    options: { overlap: boolean } = { overlap: true },
  ): Promise<{ model: AnalysisModel; value: T } | undefined> {
    const checking = this.check(requestId);
    const model = this.model;
    let early: { seq: number; value: T } | undefined;
    if (model && options.overlap) {
      // Lets the driver write the check to its socket before the evaluation takes the thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        if (this.model === model) early = { seq: model.seq, value: evaluate(model) };
      } catch {
        // Thrown again below, on the checked model, where the check's own failure comes first.
      }
    }
    const current = await checking;
    if (!current) return undefined;
    return { model: current, value: early && current === model && current.seq === early.seq ? early.value : evaluate(current) };
  }
}
