import type { Resolvers } from '../../generated/graphql.ts';
import { CoordinationRequest, RequestEvent, RequestTarget } from './resolvers/CoordinationRequest.ts';
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

export const coordinationResolvers: Resolvers = {
  Query: { coordinationRequest, coordinationRequests },
  Mutation: { fileCoordinationRequest, acknowledgeRequest, startRequest, resolveRequest, rejectRequest, withdrawRequest, commentOnRequest },
  Subscription: { requestEvents },
  CoordinationRequest,
  CoordinationRequestConnection: { totalCount: (connection) => connection.count() },
  RequestTarget,
  RequestEvent,
};

/** For the write transaction that sets an enterprise's status: find the open requests on it and log that it resumed. */
export { appendTargetResumed, openRequestsOnTarget, type TargetResumed } from './requests.ts';
export { createRequestEventBus, type RequestEventBus } from './events.ts';
export type { RequestEventNoticeRecord } from './mappers.ts';
