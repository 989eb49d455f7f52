import type { GraphQLContext } from '../context.ts';
import type { CoordinationRequestRecord, RequestEventNoticeRecord } from './mappers.ts';

/** Publishes a committed change to the live inbox and returns the request as it now is. */
export function published(ctx: GraphQLContext, notice: RequestEventNoticeRecord): CoordinationRequestRecord {
  ctx.requestEvents.publish(notice);
  ctx.loaders.requestById.clear(notice.request.id).prime(notice.request.id, notice.request);
  ctx.loaders.eventsOfRequest.clear(notice.request.id);
  return notice.request;
}
