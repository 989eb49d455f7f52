import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findComponent } from '../../enterprises.ts';

export const component: QueryResolvers['component'] = (_parent, args, ctx) => findComponent(ctx, args.id);
