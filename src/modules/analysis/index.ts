import type { Resolvers } from '../../generated/graphql.ts';
import { setEnterpriseStatus } from './resolvers/Mutation/setEnterpriseStatus.ts';
import { blockedEnterprises } from './resolvers/Query/blockedEnterprises.ts';
import { blockingFlows } from './resolvers/Query/blockingFlows.ts';
import { impact } from './resolvers/Query/impact.ts';
import { readinessTimeline } from './resolvers/Query/readinessTimeline.ts';
import { restartPlan } from './resolvers/Query/restartPlan.ts';
import { restartReadiness } from './resolvers/Query/restartReadiness.ts';
import { statusHistory } from './resolvers/Query/statusHistory.ts';
import * as types from './resolvers/types.ts';
import { AnalysisService } from './service.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';

const resolvers: Resolvers = {
  Query: { restartReadiness, impact, blockedEnterprises, blockingFlows, restartPlan, readinessTimeline, statusHistory },
  Mutation: { setEnterpriseStatus },
  ...types,
};

export const analysisModule: FugongModule = {
  name: 'analysis',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  services: ({ db, log, today, readModel }, { datasets }) => {
    const analysis = new AnalysisService(db, { readModel, log, today });
    // A load can change any status or edge: recompute the materialised ableness once, after it.
    datasets?.onLoaded(() => analysis.refreshAll());
    return { analysis };
  },
};

declare module '../context.ts' {
  interface ModuleServices {
    analysis: AnalysisService;
  }
}
