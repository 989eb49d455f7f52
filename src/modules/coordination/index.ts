import type { Resolvers } from '../../generated/graphql.ts';
import { CoordinationRequest, RequestEvent, RequestRestrictionTarget, RequestTarget } from './resolvers/CoordinationRequest.ts';
import { acknowledgeRequest } from './resolvers/Mutation/acknowledgeRequest.ts';
import { commentOnRequest } from './resolvers/Mutation/commentOnRequest.ts';
import { fileCoordinationRequest } from './resolvers/Mutation/fileCoordinationRequest.ts';
import { rejectRequest } from './resolvers/Mutation/rejectRequest.ts';
import { resolveRequest } from './resolvers/Mutation/resolveRequest.ts';
import { startRequest } from './resolvers/Mutation/startRequest.ts';
import { withdrawRequest } from './resolvers/Mutation/withdrawRequest.ts';
import { coordinationRequest } from './resolvers/Query/coordinationRequest.ts';
import { coordinationRequests } from './resolvers/Query/coordinationRequests.ts';
import { requestEvents } from './resolvers/Subscription/requestEvents.ts';
import { createRequestEventBus, type RequestEventBus } from './events.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import { createCoordinationLoaders } from './loaders.ts';

const resolvers: Resolvers = {
  Query: { coordinationRequest, coordinationRequests },
  Mutation: { fileCoordinationRequest, acknowledgeRequest, startRequest, resolveRequest, rejectRequest, withdrawRequest, commentOnRequest },
  Subscription: { requestEvents },
  CoordinationRequest,
  CoordinationRequestConnection: { totalCount: (connection) => connection.count() },
  RequestTarget,
  RequestRestrictionTarget,
  RequestEvent,
};

export const coordinationModule: FugongModule = {
  name: 'coordination',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createCoordinationLoaders,
  // One bus per process, over the event target the replicas share when there are several.
  services: ({ eventTarget }) => ({ requestEvents: createRequestEventBus(eventTarget) }),
};

declare module '../context.ts' {
  interface ModuleServices {
    /** The live inbox: publish request events here after their transaction commits. */
    requestEvents: RequestEventBus;
  }
}

/** For the write transaction that sets an enterprise's status: find the open requests on it and log that it resumed. */
export { appendTargetResumed, openRequestsOnRestriction, openRequestsOnTarget, type TargetResumed } from './requests.ts';
export type { RequestEventNoticeRecord } from './mappers.ts';
