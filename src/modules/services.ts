/**
 * The services behind the API, built once per process over a migrated
 * database. The CLI builds the same ones, so `npm run load` and the
 * `loadDataset` mutation keep derived state up to date the same way.
 */
import type { Database } from '../neo4j/database.ts';
import { runMigrations } from '../neo4j/migrations.ts';
import type { Logger } from 'pino';
import { AnalysisService, type AnalysisReadModel } from './analysis/service.ts';
import { createRequestEventBus } from './coordination/events.ts';
import { DatasetService } from './datasets/service.ts';

export async function createServices(db: Database, options: { readModel?: AnalysisReadModel; log?: Logger; today?: () => string } = {}) {
  const migrations = await runMigrations(db);
  const datasets = new DatasetService(db);
  // A CLI that only writes keeps no read model: it would never answer a question.
  const analysis = new AnalysisService(db, { readModel: options.readModel ?? 'neo4j', log: options.log, today: options.today });
  // A load can change any status or edge: recompute the materialised ableness once, after it.
  datasets.onLoaded(() => analysis.refreshAll());
  // One bus per process; several replicas would pass it a shared event target.
  const requestEvents = createRequestEventBus();
  return { migrations, datasets, analysis, requestEvents };
}
export type Services = Awaited<ReturnType<typeof createServices>>;
