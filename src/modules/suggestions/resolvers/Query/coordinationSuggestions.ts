import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { badUserInput } from '../../../shared/errors.ts';
import { suggestionsFor } from '../../suggestions.ts';

export const coordinationSuggestions: QueryResolvers['coordinationSuggestions'] = (_parent, args, ctx) => {
  if ((args.enterpriseId == null) === (args.regionCode == null)) {
    throw badUserInput(args.enterpriseId != null ? 'regionCode' : 'enterpriseId', 'give exactly one of enterpriseId (one plant) or regionCode (every not-ready plant of the region)');
  }
  const subject = args.enterpriseId != null ? { enterpriseId: args.enterpriseId } : { regionCode: regionCodeArgument(args.regionCode!, 'regionCode') };
  return suggestionsFor(ctx, subject, args.asOf ?? ctx.today());
};
