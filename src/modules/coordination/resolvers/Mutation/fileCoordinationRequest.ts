import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { published, remember } from '../../publish.ts';
import { fileRequest } from '../../requests.ts';

export const fileCoordinationRequest: MutationResolvers['fileCoordinationRequest'] = async (_parent, args, ctx) => {
  const { notice, ...result } = await fileRequest(ctx, args.input);
  if (notice) published(ctx, notice);
  else remember(ctx, result.request);
  return result;
};
