import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { applicationsPage } from '../../applications.ts';

export const resumptionApplications: QueryResolvers['resumptionApplications'] = (_parent, args, ctx) => applicationsPage(ctx, args.filter ?? {}, args.first, args.after);
