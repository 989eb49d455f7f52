import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { noteArgument } from '../../../coordination/validation.ts';
import { applicationChanged, stepApplication } from '../../applications.ts';

export const startOnSiteCheck: MutationResolvers['startOnSiteCheck'] = async (_parent, args, ctx) =>
  applicationChanged(ctx, await stepApplication(ctx, args.id, 'START_CHECK', noteArgument(args.note, 'note', false)));
