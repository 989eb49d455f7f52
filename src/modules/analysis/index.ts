import type { Resolvers } from '../../generated/graphql.ts';
import { setEnterpriseStatus } from './resolvers/Mutation/setEnterpriseStatus.ts';
import { blockedEnterprises } from './resolvers/Query/blockedEnterprises.ts';
import { impact } from './resolvers/Query/impact.ts';
import { restartReadiness } from './resolvers/Query/restartReadiness.ts';
import { statusHistory } from './resolvers/Query/statusHistory.ts';
import * as types from './resolvers/types.ts';

export const analysisResolvers: Resolvers = {
  Query: { restartReadiness, impact, blockedEnterprises, statusHistory },
  Mutation: { setEnterpriseStatus },
  ...types,
};
