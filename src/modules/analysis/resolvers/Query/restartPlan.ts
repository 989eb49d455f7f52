import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { badUserInput } from '../../../shared/errors.ts';
import { restartPlanFor } from '../../plan.ts';

export const MAX_PLAN_STEPS = 50;

export const restartPlan: QueryResolvers['restartPlan'] = (_parent, args, ctx) => {
  const regionCode = regionCodeArgument(args.regionCode, 'regionCode');
  if (!Number.isInteger(args.k) || args.k < 1 || args.k > MAX_PLAN_STEPS) {
    throw badUserInput('k', `the number of restarts to plan is 1 to ${MAX_PLAN_STEPS}, got ${args.k}`);
  }
  return restartPlanFor(ctx, regionCode, args.k, args.asOf ?? ctx.today());
};
