import type { Resolvers } from '../../generated/graphql.ts';
import { createInboxBus, type InboxBus } from '../coordination/events.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import { createAidLoaders } from './loaders.ts';
import type { AidEventNoticeRecord } from './mappers.ts';
import { agreeLoan } from './resolvers/Mutation/agreeLoan.ts';
import { postHelpOffer } from './resolvers/Mutation/postHelpOffer.ts';
import { postHelpRequest } from './resolvers/Mutation/postHelpRequest.ts';
import { recordLoanReturn } from './resolvers/Mutation/recordLoanReturn.ts';
import { withdrawHelpOffer } from './resolvers/Mutation/withdrawHelpOffer.ts';
import { withdrawHelpRequest } from './resolvers/Mutation/withdrawHelpRequest.ts';
import { helpMatches } from './resolvers/Query/helpMatches.ts';
import { helpOffer } from './resolvers/Query/helpOffer.ts';
import { helpOffers } from './resolvers/Query/helpOffers.ts';
import { helpRequest } from './resolvers/Query/helpRequest.ts';
import { helpRequests } from './resolvers/Query/helpRequests.ts';
import { loan } from './resolvers/Query/loan.ts';
import { loans } from './resolvers/Query/loans.ts';
import { aidEvents } from './resolvers/Subscription/aidEvents.ts';
import * as types from './resolvers/types.ts';

const resolvers: Resolvers = {
  Query: { helpRequest, helpRequests, helpOffer, helpOffers, helpMatches, loan, loans },
  Mutation: { postHelpRequest, postHelpOffer, withdrawHelpRequest, withdrawHelpOffer, agreeLoan, recordLoanReturn },
  Subscription: { aidEvents },
  ...types,
};

export const aidModule: FugongModule = {
  name: 'aid',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createAidLoaders,
  // One inbox per process, over the event target the replicas share; each notice names the agencies it reaches.
  services: ({ eventTarget }) => ({ aidEvents: createInboxBus<AidEventNoticeRecord>('aidEvent', (notice) => notice.agencyIds, eventTarget) }),
};

declare module '../context.ts' {
  interface ModuleServices {
    /** The live inbox of mutual aid: publish its events here after their transaction commits. */
    aidEvents: InboxBus<AidEventNoticeRecord>;
  }
}
