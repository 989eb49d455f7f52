import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { noteArgument } from '../../../coordination/validation.ts';
import { applicationChanged, stepApplication } from '../../applications.ts';

export const requestCityRecheck: MutationResolvers['requestCityRecheck'] = async (_parent, args, ctx) =>
  applicationChanged(ctx, await stepApplication(ctx, args.id, 'REQUEST_RECHECK', noteArgument(args.note, 'note', false)));
