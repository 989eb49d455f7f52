import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { noteArgument } from '../../../coordination/validation.ts';
import { applicationChanged, stepApplication } from '../../applications.ts';

export const refuseApplication: MutationResolvers['refuseApplication'] = async (_parent, args, ctx) =>
  applicationChanged(ctx, await stepApplication(ctx, args.id, 'REFUSE', noteArgument(args.reason, 'reason', true)));
