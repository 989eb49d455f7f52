import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { readRegion } from '../../regions.ts';
import { regionCodeArgument } from '../../validation.ts';

export const region: QueryResolvers['region'] = (_parent, args, ctx, info) => readRegion(ctx, regionCodeArgument(args.code, 'code'), info);
