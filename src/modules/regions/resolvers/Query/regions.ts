import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { listRegions } from '../../regions.ts';
import { regionCodeArgument } from '../../validation.ts';

export const regions: QueryResolvers['regions'] = (_parent, args, ctx, info) =>
  listRegions(ctx, args.level ?? null, args.parent == null ? null : regionCodeArgument(args.parent, 'parent'), info);
