import type { SubscriptionApplicationEventsArgs, SubscriptionResolverObject } from '../../../../generated/graphql.ts';
import type { GraphQLContext } from '../../../context.ts';
import { forgetLoaded } from '../../../coordination/publish.ts';
import { authorize } from '../../../identity/permissions.ts';
import type { ApplicationEventNoticeRecord } from '../../mappers.ts';

export const applicationEvents: SubscriptionResolverObject<ApplicationEventNoticeRecord, unknown, GraphQLContext, SubscriptionApplicationEventsArgs> = {
  subscribe: (_parent, args, ctx) => {
    authorize(ctx.user, { kind: 'subscribe', agencyId: args.agencyId });
    return ctx.applicationEvents.subscribe(args.agencyId);
  },
  resolve: (notice: ApplicationEventNoticeRecord, _args, ctx) => {
    // One context serves the whole stream.
    forgetLoaded(ctx);
    return notice;
  },
};
