/**
 * Settling today on the read model in the background: the day's first
 * questions then find its able set and every enterprise's readiness ready,
 * rather than each settling the cones it touches (see the README's
 * benchmark, "cold vs warm").
 */
import type { Logger } from 'pino';
import { notReadyIndices } from '../../analysis/index.ts';
import { parseDay } from '../../analysis/dates.ts';
import type { AnalysisModel } from './model.ts';

/** Enterprises settled per step while a day is settled: small enough that questions meanwhile wait little. */
const SETTLE_STEP = 2_000;

export interface DaySettlingOptions {
  /** Today (YYYY-MM-DD); without it no day is settled ahead of the questions. */
  today?: () => string;
  log?: Logger;
  /** The model answers come from now: settling stops once it is another. */
  current: () => AnalysisModel | null;
}

export class DaySettling {
  /** The model and day settled or being settled, and the work under way. */
  private settling: { model: AnalysisModel; day: string; done: Promise<void> } | null = null;

  constructor(private readonly options: DaySettlingOptions) {}

  /**
   * Settles today's able set and every enterprise's readiness on the model,
   * a step at a time between questions (unless already done or under way for
   * this model and day). Readiness and the dashboard read the trusted graph,
   * impact the plain one; the model's cache keeps the day whatever other
   * days are asked.
   */
  settle(model: AnalysisModel): void {
    const { today: todayOf, log, current } = this.options;
    const today = todayOf?.();
    if (today === undefined || (this.settling?.model === model && this.settling.day === today)) return;
    const day = parseDay(today);
    const stillWanted = () => current() === model && todayOf?.() === today;
    const done = (async () => {
      const started = performance.now();
      for (const graph of [model.trusted, model.graph]) {
        model.cache.keepDay(graph, day);
        for (let from = 0; from < graph.size; from += SETTLE_STEP) {
          await new Promise((resolve) => setImmediate(resolve));
          if (!stillWanted()) return;
          const solver = model.cache.plainSolver(graph, day);
          for (let i = from, end = Math.min(graph.size, from + SETTLE_STEP); i < end; i++) solver.isAble(i);
        }
      }
      for (let from = 0; from < model.graph.size; from += SETTLE_STEP) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!stillWanted()) return;
        notReadyIndices(model.trusted, model.candidatesAmong(from, Math.min(model.graph.size, from + SETTLE_STEP)), today, model.cache);
      }
      log?.info({ day: today, enterprises: model.graph.size, ms: Math.round(performance.now() - started) }, 'analysis day prepared');
    })().catch((error: unknown) => log?.warn({ err: error }, 'preparing the day failed; questions settle it as they come'));
    this.settling = { model, day: today, done };
  }

  /** Resolves once the day last asked to be settled is (at once when none was). */
  async whenSettled(): Promise<void> {
    await this.settling?.done;
  }
}
