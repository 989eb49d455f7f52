/** What application resolvers hand to their fields: plain values read from the graph. */
import type { CountedPage } from '../shared/pagination.ts';
import type { ResumptionFigures } from './stats.ts';
import type { ApplicationReview } from '../../dataset/format.ts';
import type { ApplicationEventKind } from './transitions.ts';

export interface ResumptionApplicationRecord extends ApplicationReview {
  id: string;
  enterpriseId: string;
  createdAt: string;
  updatedAt: string;
  /** The caller's agency when filed through the API; null for a dataset's applications. */
  filerAgencyId: string | null;
  /** Agencies governing the enterprise's district or a region above it, by id. */
  governingAgencyIds: string[];
  /** The agency governing its district, the nearest ancestor's where none. */
  districtAgencyId: string | null;
  /** The agency of its city (a municipality's own), the nearest ancestor's where none. */
  cityAgencyId: string | null;
}

export interface ApplicationEventRecord {
  applicationId: string;
  seq: number;
  kind: ApplicationEventKind;
  actor: string;
  agencyId: string;
  at: string;
  note: string | null;
}

export interface ApplicationEventNoticeRecord {
  application: ResumptionApplicationRecord;
  event: ApplicationEventRecord;
}

export interface FileResumptionApplicationPayloadRecord {
  application: ResumptionApplicationRecord;
  replayed: boolean;
}

export type ResumptionApplicationConnectionRecord = CountedPage<ResumptionApplicationRecord>;

export type ResumptionStatsRecord = ResumptionFigures & { regionCode: string; from: string; to: string };

/** The agencies that hear of an application's events: its district's and city's agencies and the filer's. */
export function applicationParticipants(application: ResumptionApplicationRecord): string[] {
  return [...new Set([application.districtAgencyId, application.cityAgencyId, application.filerAgencyId].filter((id): id is string => id !== null))].sort();
}
