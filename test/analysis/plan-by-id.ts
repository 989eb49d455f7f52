import { AbleCache } from '../../src/analysis/able.ts';
import type { SupplyGraph } from '../../src/analysis/graph.ts';
import { remainingReasons, restartPlan } from '../../src/analysis/plan.ts';

/** The restart plan of a scope given by id, every index named by its id, in the shape the reference answers. */
export function planById(g: SupplyGraph, scope: readonly string[], k: number, asOf: string, cache = new AbleCache()) {
  const plan = restartPlan(g, scope.map((id) => g.requireIndex(id)), k, asOf, cache);
  const remaining = Array.from(plan.remaining);
  const reasons = remainingReasons(g, plan, remaining, asOf, cache);
  return {
    steps: plan.steps.map((s) => ({
      enterprise: g.ids[s.enterprise]!,
      freed: s.freed.map((i) => g.ids[i]!),
      blockedAnew: s.blockedAnew.map((i) => g.ids[i]!),
      freedWorkforce: s.freedWorkforce,
      freedPlants: s.freedPlants,
      totalWorkforce: s.totalWorkforce,
      totalPlants: s.totalPlants,
    })),
    remaining: remaining.map((i, j) => ({ enterprise: g.ids[i]!, reasons: reasons[j] })),
  };
}
