/**
 * The restart plan as the API answers it: the analysis picks the steps (from
 * the read model when it is current), then each step is routed on the region
 * tree and its agencies, read in one statement, as suggestions are.
 */
import { RegionDirectory, RoutingError } from '../../analysis/routing.ts';
import type { GraphQLContext } from '../context.ts';
import { regionOf } from '../regions/regions.ts';
import { failedPrecondition } from '../shared/errors.ts';
import { routingTables } from '../suggestions/cypher.ts';
import type { PlanStepAnswer } from './answers.ts';
import type { PlanRouteRecord, RestartPlanRecord } from './mappers.ts';

/** A party no agency answers for is null in the route; a route the region tree cannot give (a region it lacks) is null. */
function routeOf(directory: RegionDirectory, step: PlanStepAnswer): PlanRouteRecord | null {
  try {
    return directory.route(step.firstFreedDistrict, step.enterpriseDistrict);
  } catch (error) {
    if (error instanceof RoutingError) return null;
    throw error;
  }
}

export async function restartPlanFor(ctx: GraphQLContext, regionCode: string, k: number, asOf: string): Promise<RestartPlanRecord> {
  const answer = await ctx.analysis.plan(ctx, regionCode, k, asOf);
  // After the analysis, whose records include the regions: an unknown region simply has no candidates.
  await regionOf(ctx, regionCode, 'regionCode');
  let routes: (PlanRouteRecord | null)[] = [];
  if (answer.steps.length > 0) {
    const tables = await ctx.db.read({ operation: 'query.restartPlan', requestId: ctx.requestId }, (tx) => routingTables(tx));
    let directory: RegionDirectory;
    try {
      directory = new RegionDirectory(tables.regions, tables.agencies);
    } catch (error) {
      if (error instanceof RoutingError) throw failedPrecondition(`cannot route a restart: ${error.message}`, { region: error.region });
      throw error;
    }
    routes = answer.steps.map((step) => routeOf(directory, step));
  }
  return { regionCode, asOf, ...answer, steps: answer.steps.map((step, j) => ({ ...step, route: routes[j] ?? null })) };
}
