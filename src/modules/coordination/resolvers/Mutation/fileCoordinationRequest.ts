import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { fileRequest } from '../../requests.ts';

export const fileCoordinationRequest: MutationResolvers['fileCoordinationRequest'] = async (_parent, args, ctx) => {
  const { notice, ...result } = await fileRequest(ctx, args.input);
  if (notice) ctx.requestEvents.publish(notice);
  ctx.loaders.requestById.clear(result.request.id).prime(result.request.id, result.request);
  return result;
};
