import type { SubscriptionResolverObject, SubscriptionRestrictionEventsArgs } from '../../../../generated/graphql.ts';
import type { GraphQLContext } from '../../../context.ts';
import { forgetLoaded } from '../../../coordination/publish.ts';
import { authorize } from '../../../identity/permissions.ts';
import type { RestrictionEventNoticeRecord } from '../../mappers.ts';

export const restrictionEvents: SubscriptionResolverObject<RestrictionEventNoticeRecord, unknown, GraphQLContext, SubscriptionRestrictionEventsArgs> = {
  subscribe: (_parent, args, ctx) => {
    authorize(ctx.user, { kind: 'subscribe', agencyId: args.agencyId });
    return ctx.restrictionEvents.subscribe(args.agencyId);
  },
  resolve: (notice: RestrictionEventNoticeRecord, _args, ctx) => {
    // One context serves the whole stream.
    forgetLoaded(ctx);
    return notice;
  },
};
