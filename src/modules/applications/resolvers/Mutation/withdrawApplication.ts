import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { noteArgument } from '../../../coordination/validation.ts';
import { applicationChanged, stepApplication } from '../../applications.ts';

export const withdrawApplication: MutationResolvers['withdrawApplication'] = async (_parent, args, ctx) =>
  applicationChanged(ctx, await stepApplication(ctx, args.id, 'WITHDRAW', noteArgument(args.note, 'note', false)));
