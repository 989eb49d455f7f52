import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { applicationChanged, stepApplication } from '../../applications.ts';
import { receivedOnArgument } from '../../validation.ts';

export const receiveCommitmentDocuments: MutationResolvers['receiveCommitmentDocuments'] = async (_parent, args, ctx) =>
  applicationChanged(ctx, await stepApplication(ctx, args.id, 'RECEIVE_DOCUMENTS', null, { receivedOn: receivedOnArgument(args.on, ctx.today()) }));
