import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { noteArgument } from '../../../coordination/validation.ts';
import { applicationChanged, stepApplication } from '../../applications.ts';

export const approveApplication: MutationResolvers['approveApplication'] = async (_parent, args, ctx) =>
  applicationChanged(ctx, await stepApplication(ctx, args.id, 'APPROVE', noteArgument(args.note, 'note', false)));
