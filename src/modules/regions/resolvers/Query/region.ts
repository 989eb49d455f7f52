import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { regionCodeArgument } from '../../validation.ts';

export const region: QueryResolvers['region'] = (_parent, args, ctx) =>
  ctx.loaders.regionByCode.load(regionCodeArgument(args.code, 'code'));
