import type { GraphQLContext } from '../context.ts';
import type { CoordinationRequestRecord, RequestEventNoticeRecord } from './mappers.ts';

/** The request as a write left it, for the rest of this operation: its fields and events are read afresh. */
export function remember(ctx: Pick<GraphQLContext, 'loaders'>, request: CoordinationRequestRecord): CoordinationRequestRecord {
  ctx.loaders.requestById.clear(request.id).prime(request.id, request);
  ctx.loaders.eventsOfRequest.clear(request.id);
  return request;
}

/** Publishes a committed change to the live inbox and returns the request as it now is. */
export function published(ctx: Pick<GraphQLContext, 'loaders' | 'requestEvents'>, notice: RequestEventNoticeRecord): CoordinationRequestRecord {
  ctx.requestEvents.publish(notice);
  return remember(ctx, notice.request);
}

/** Clears what earlier deliveries of a live stream cached, so each reads the graph as it is now. */
export function forgetLoaded(ctx: Pick<GraphQLContext, 'loaders'>): void {
  for (const loader of Object.values(ctx.loaders) as { clearAll(): unknown }[]) loader.clearAll();
}
