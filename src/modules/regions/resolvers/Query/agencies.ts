import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { agenciesOf, listAgencies } from '../../regions.ts';
import { regionCodeArgument } from '../../validation.ts';

export const agencies: QueryResolvers['agencies'] = (_parent, args, ctx) =>
  args.regionCode == null ? listAgencies(ctx) : agenciesOf(ctx, regionCodeArgument(args.regionCode, 'regionCode'));
