import type { SubscriptionRequestEventsArgs, SubscriptionResolverObject } from '../../../../generated/graphql.ts';
import type { GraphQLContext } from '../../../context.ts';
import { authorize } from '../../../identity/permissions.ts';
import type { RequestEventNoticeRecord } from '../../mappers.ts';
import { forgetLoaded } from '../../publish.ts';

export const requestEvents: SubscriptionResolverObject<RequestEventNoticeRecord, unknown, GraphQLContext, SubscriptionRequestEventsArgs> = {
  subscribe: (_parent, args, ctx) => {
    authorize(ctx.user, { kind: 'subscribe', agencyId: args.agencyId });
    return ctx.requestEvents.subscribe(args.agencyId);
  },
  resolve: (notice: RequestEventNoticeRecord, _args, ctx) => {
    // One context serves the whole stream.
    forgetLoaded(ctx);
    return notice;
  },
};
