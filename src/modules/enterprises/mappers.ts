/** What enterprise and component resolvers hand to their fields: plain values read from the graph. */
import type { EnterpriseStatus } from '../../generated/graphql.ts';
import type { CountedPage } from '../shared/pagination.ts';

export interface EnterpriseRecord {
  id: string;
  name: string;
  industry: string | null;
  status: EnterpriseStatus;
  workforce: number;
  epidemicCritical: boolean;
  expectedResumeDate: string | null;
  note: string | null;
  regionCode: string;
}

export interface SupplyRecord {
  supplierId: string;
  customerId: string;
  componentId: string;
  share: number | null;
}

export interface NeedRecord {
  enterpriseId: string;
  componentId: string;
  stockDays: number | null;
}

export interface MakeRecord {
  enterpriseId: string;
  componentId: string;
  capacityPerDay: number | null;
}

export interface ComponentRecord {
  id: string;
  name: string;
  category: string | null;
}

/** A page of enterprises; the total is counted only when a client asks for it. */
export type EnterpriseConnectionRecord = CountedPage<EnterpriseRecord>;
