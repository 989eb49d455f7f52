import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findRegion } from '../../regions.ts';
import { regionCodeArgument } from '../../validation.ts';

export const region: QueryResolvers['region'] = (_parent, args, ctx) => findRegion(ctx, regionCodeArgument(args.code, 'code'));
