/** What analysis resolvers hand to their fields: the pure evaluator's answers, ids resolved lazily. */
import type { AtRiskInput, BlockedInput, LogisticsRootCause, RestartReadiness, RootCause } from '../../analysis/types.ts';
import type { BlockingFlow, RemainingReason, TimelineDay } from '../../analysis/index.ts';
import type { Route } from '../../analysis/routing.ts';
import type { EnterpriseStatus } from '../../generated/graphql.ts';

export type RestartReadinessRecord = RestartReadiness;
export type BlockedInputRecord = BlockedInput;
export type AtRiskInputRecord = AtRiskInput;
export type RootCauseRecord = RootCause;
export type LogisticsRootCauseRecord = LogisticsRootCause;

export interface RegionImpactRecord {
  regionCode: string;
  count: number;
  workforce: number;
}

export interface ImpactRecord {
  enterpriseId: string;
  asOf: string;
  ids: string[];
  workforce: number;
  byRegion: RegionImpactRecord[];
}

export interface BlockedEnterpriseRecord {
  id: string;
  blockedInputCount: number;
  rootCauseCount: number;
}

export interface BlockedEnterpriseConnectionRecord {
  regionCode: string;
  asOf: string;
  totalCount: number;
  workforce: number;
  edges: { cursor: string; node: BlockedEnterpriseRecord }[];
  nodes: BlockedEnterpriseRecord[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface StatusChangeRecord {
  enterpriseId: string;
  previousStatus: EnterpriseStatus;
  status: EnterpriseStatus;
  expectedResumeDate: string | null;
  changedBy: string | null;
  changedByAgencyId: string | null;
  changedAt: string;
}

/** A party no agency answers for is null, and `unroutableRegion` names where one is missing (see routing.ts). */
export type PlanRouteRecord = Route;

export interface RestartPlanStepRecord {
  enterprise: string;
  /** District of the restart and of the first plant it frees: what its route is judged on. */
  enterpriseDistrict: string;
  firstFreedDistrict: string;
  freed: string[];
  blockedAnew: string[];
  freedWorkforce: number;
  freedPlants: number;
  totalWorkforce: number;
  totalPlants: number;
  route: PlanRouteRecord | null;
}

export interface RestartPlanRecord {
  regionCode: string;
  asOf: string;
  steps: RestartPlanStepRecord[];
  /** How many scope members stay blocked with every step's restart counted OPERATING. */
  remainingCount: number;
  /** Up to `size` of them after the id `after`, in id order. */
  page(after: string | null, size: number): string[];
  /** Why each of the given remaining plants stays blocked: judged only for the page shown. */
  reasons(ids: readonly string[]): Map<string, RemainingReason[]>;
}

export interface RemainingPlantRecord {
  id: string;
  reasons: RemainingReason[];
}

export interface RemainingPlantConnectionRecord {
  totalCount: number;
  edges: { cursor: string; node: RemainingPlantRecord }[];
  nodes: RemainingPlantRecord[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export type ReadinessDayRecord = TimelineDay;

/** Provinces by code, the plants, root causes and restrictions by id. */
export type BlockingFlowRecord = BlockingFlow;
