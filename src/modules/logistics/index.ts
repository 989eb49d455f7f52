import type { Resolvers } from '../../generated/graphql.ts';
import { createInboxBus, type InboxBus } from '../coordination/events.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import type { RestrictionEventNoticeRecord } from './mappers.ts';
import { restrictionEvents } from './resolvers/Subscription/restrictionEvents.ts';
import { createLogisticsLoaders } from './loaders.ts';
import { imposeRestriction } from './resolvers/Mutation/imposeRestriction.ts';
import { liftRestriction } from './resolvers/Mutation/liftRestriction.ts';
import { restriction } from './resolvers/Query/restriction.ts';
import { restrictionImpact } from './resolvers/Query/restrictionImpact.ts';
import { restrictions } from './resolvers/Query/restrictions.ts';
import * as types from './resolvers/types.ts';

const resolvers: Resolvers = {
  Query: { restriction, restrictions, restrictionImpact },
  Mutation: { imposeRestriction, liftRestriction },
  Subscription: { restrictionEvents },
  ...types,
};

export const logisticsModule: FugongModule = {
  name: 'logistics',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createLogisticsLoaders,
  // One bus per process, over the event target the replicas share when there are several.
  services: ({ eventTarget }) => ({
    restrictionEvents: createInboxBus<RestrictionEventNoticeRecord>('restrictionEvent', (notice) => notice.agencyIds, eventTarget),
  }),
};

declare module '../context.ts' {
  interface ModuleServices {
    /** The live inbox of restriction changes: publish here after the change commits. */
    restrictionEvents: InboxBus<RestrictionEventNoticeRecord>;
  }
}
