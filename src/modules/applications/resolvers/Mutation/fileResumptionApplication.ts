import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { applicationChanged, fileApplication, rememberApplication } from '../../applications.ts';

export const fileResumptionApplication: MutationResolvers['fileResumptionApplication'] = async (_parent, args, ctx) => {
  const { notice, ...result } = await fileApplication(ctx, args.input);
  if (notice) applicationChanged(ctx, { notice, statusChange: null });
  else rememberApplication(ctx, result.application);
  return result;
};
