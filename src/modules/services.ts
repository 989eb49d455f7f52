/**
 * The services behind the API, built once per process over a migrated
 * database. The CLI builds the same ones, so `npm run load` and the
 * `loadDataset` mutation keep derived state up to date the same way.
 */
import type { Database } from '../neo4j/database.ts';
import { runMigrations } from '../neo4j/migrations.ts';
import { DatasetService } from './datasets/service.ts';

export async function createServices(db: Database) {
  const migrations = await runMigrations(db);
  const datasets = new DatasetService(db);
  return { migrations, datasets };
}
export type Services = Awaited<ReturnType<typeof createServices>>;
