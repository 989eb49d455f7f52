/**
 * The services behind the API, built once per process over a migrated
 * database from the modules' own factories (./registry.ts). The CLI builds
 * the same ones, so `npm run load` and the `loadDataset` mutation keep
 * derived state up to date the same way.
 */
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { Database } from '../neo4j/database.ts';
import { runMigrations } from '../neo4j/migrations.ts';
import type { ModuleServices } from './context.ts';
import type { ServiceOptions } from './module.ts';
import { MODULES } from './registry.ts';
import { todayInShanghai } from './shared/dates.ts';

export async function createServices(db: Database, options: Partial<ServiceOptions> & { log?: Logger; today?: () => string } = {}) {
  const migrations = await runMigrations(db);
  const deps = {
    db,
    log: options.log ?? pino({ level: 'silent' }),
    today: options.today ?? (() => todayInShanghai()),
    // A CLI that only writes keeps no read model: it would never answer a question.
    readModel: options.readModel ?? 'neo4j',
    jointCheckThreshold: options.jointCheckThreshold ?? 100,
    ...(options.eventTarget ? { eventTarget: options.eventTarget } : {}),
  };
  let services: Partial<ModuleServices> = {};
  for (const module of MODULES) if (module.services) services = { ...services, ...module.services(deps, services) };
  return { migrations, ...(services as ModuleServices) };
}
export type Services = Awaited<ReturnType<typeof createServices>>;
