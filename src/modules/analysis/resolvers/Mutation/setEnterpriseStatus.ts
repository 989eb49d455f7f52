import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { changeStatus } from '../../status.ts';

/** The one way a status changes: see changeStatus. */
export const setEnterpriseStatus: MutationResolvers['setEnterpriseStatus'] = (_parent, args, ctx) => changeStatus(ctx, args);
