/** What logistics resolvers hand to their fields: plain values read from the graph. */
import type { RestrictionDirection } from '../../analysis/types.ts';
import type { RegionImpactRecord } from '../analysis/mappers.ts';
import type { CountedPage } from '../shared/pagination.ts';

export interface RestrictedSupplyRecord {
  supplier: string;
  customer: string;
  component: string;
}

export interface RestrictionRecord {
  id: string;
  supply: RestrictedSupplyRecord | null;
  region: string | null;
  direction: RestrictionDirection | null;
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, exclusive; null when open-ended. */
  until: string | null;
  note: string | null;
}

export type RestrictionEventKind = 'IMPOSED' | 'LIFTED';

export interface RestrictionEventRecord {
  restrictionId: string;
  seq: number;
  kind: RestrictionEventKind;
  actor: string;
  agencyId: string;
  at: string;
  note: string | null;
}

/** A committed change of a restriction, as the live inbox delivers it. */
export interface RestrictionEventNoticeRecord {
  restriction: RestrictionRecord;
  event: RestrictionEventRecord;
  /** Agencies governing the restriction's region (for an edge: the supplier's) or a region above it, by id. */
  agencyIds: string[];
}

export type RestrictionConnectionRecord = CountedPage<RestrictionRecord>;

export interface ImposeRestrictionPayloadRecord {
  restriction: RestrictionRecord;
  created: boolean;
}

export interface RestrictionImpactRecord {
  restrictionId: string;
  asOf: string;
  ids: string[];
  workforce: number;
  byRegion: RegionImpactRecord[];
}
