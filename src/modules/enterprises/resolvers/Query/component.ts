import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findComponent } from '../../enterprises.ts';

export const component: QueryResolvers['component'] = (_parent, args, ctx, info) => findComponent(ctx, args.id, info);
