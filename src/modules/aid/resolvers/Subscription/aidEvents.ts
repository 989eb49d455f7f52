import type { SubscriptionAidEventsArgs, SubscriptionResolverObject } from '../../../../generated/graphql.ts';
import type { GraphQLContext } from '../../../context.ts';
import { forgetLoaded } from '../../../coordination/publish.ts';
import { authorize } from '../../../identity/permissions.ts';
import type { AidEventNoticeRecord } from '../../mappers.ts';

export const aidEvents: SubscriptionResolverObject<AidEventNoticeRecord, unknown, GraphQLContext, SubscriptionAidEventsArgs> = {
  subscribe: (_parent, args, ctx) => {
    authorize(ctx.user, { kind: 'subscribe', agencyId: args.agencyId });
    return ctx.aidEvents.subscribe(args.agencyId);
  },
  resolve: (notice: AidEventNoticeRecord, _args, ctx) => {
    // One context serves the whole stream.
    forgetLoaded(ctx);
    return notice;
  },
};
