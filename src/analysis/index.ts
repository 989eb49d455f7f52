// Public surface of the pure restart analysis.
export type * from './types.ts';
export { addDays, daysBetween, formatDay, isIsoDate, parseDay } from './dates.ts';
export { buildSupplyGraph, SupplyGraph, UnknownEnterpriseError, UnknownRestrictionError } from './graph.ts';
export type { Logistics } from './graph.ts';
export { AbleCache, ableMask, ableSet, isAble } from './able.ts';
export { expectedReadyDate, plantAllRootCauses, plantRootCauses, restartReadiness } from './readiness.ts';
export { impact, impactIndices, restrictionImpact, restrictionImpactIndices } from './impact.ts';
export { evaluateRegionReadiness, isDashboardCandidate, notReadyIndices, notReadyPlants } from './region.ts';
export { readyOn, remainingReasons, restartPlan } from './plan.ts';
export type { PlanStep, RemainingReason, RestartPlan } from './plan.ts';
export { readinessTimeline } from './timeline.ts';
export type { TimelineDay } from './timeline.ts';
export { blockingFlows, provinceOfCode } from './flows.ts';
export type { BlockingFlow } from './flows.ts';
