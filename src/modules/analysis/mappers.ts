/** What analysis resolvers hand to their fields: the pure evaluator's answers, ids resolved lazily. */
import type { AtRiskInput, BlockedInput, RestartReadiness, RootCause } from '../../analysis/types.ts';
import type { EnterpriseStatus } from '../../generated/graphql.ts';

export type RestartReadinessRecord = RestartReadiness;
export type BlockedInputRecord = BlockedInput;
export type AtRiskInputRecord = AtRiskInput;
export type RootCauseRecord = RootCause;

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
