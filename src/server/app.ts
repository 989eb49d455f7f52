/**
 * The service over a connected Database: migrations, the modules' services
 * and the Yoga instance. Tests build it the same way `npm start` does.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../neo4j/database.ts';
import type { InboxEventTarget } from '../modules/module.ts';
import { createServices } from '../modules/services.ts';
import { todayInShanghai } from '../modules/shared/dates.ts';
import { createFugongYoga } from './yoga.ts';

export interface AppOptions {
  /** Pins "today" (YYYY-MM-DD in Asia/Shanghai); defaults to the clock. */
  today?: () => string;
  /** Where the live inboxes' events go: shared by the replicas (server/event-target.ts); absent, this process's memory. */
  eventTarget?: InboxEventTarget;
}

export async function createApp(config: Config, db: Database, log: Logger, options: AppOptions = {}) {
  const today = options.today ?? (() => todayInShanghai());
  const { migrations, ...services } = await createServices(db, { readModel: config.ANALYSIS_READ_MODEL, jointCheckThreshold: config.JOINT_CHECK_THRESHOLD, log, today,
    ...(options.eventTarget ? { eventTarget: options.eventTarget } : {}),
  });
  if (migrations.length) log.info({ migrations }, 'applied migrations');
  // Build the read model now rather than on the first question; until it is ready, questions are answered from Neo4j.
  services.analysis.warm();
  const yoga = createFugongYoga(config, { db, log, today, ...services });
  return { yoga, ...services };
}
export type App = Awaited<ReturnType<typeof createApp>>;
