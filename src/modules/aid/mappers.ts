/** What mutual-aid resolvers hand to their fields: plain values read from the graph (and sent between replicas as JSON). */
import type { CountedPage } from '../shared/pagination.ts';

export interface HelpRequestRecord {
  id: string;
  enterpriseId: string;
  componentId: string;
  quantity: number;
  unit: string;
  /** YYYY-MM-DD */
  neededBy: string;
  note: string | null;
  /** YYYY-MM-DD; null while open. */
  withdrawnOn: string | null;
}

export interface HelpOfferRecord {
  id: string;
  enterpriseId: string;
  componentId: string;
  quantity: number;
  unit: string;
  /** YYYY-MM-DD, the last day the offer stands. */
  availableUntil: string;
  note: string | null;
  withdrawnOn: string | null;
}

export interface LoanRecord {
  id: string;
  lenderId: string;
  borrowerId: string;
  componentId: string;
  quantity: number;
  unit: string;
  coverDays: number;
  start: string;
  returnBy: string;
  returnedOn: string | null;
  /** Null for a loan loaded from a dataset. */
  requestId: string | null;
  offerId: string | null;
}

export type AidEventKind = 'POSTED' | 'WITHDRAWN' | 'AGREED' | 'RETURNED';

export interface AidEventRecord {
  subjectId: string;
  seq: number;
  kind: AidEventKind;
  actor: string;
  agencyId: string;
  at: string;
  note: string | null;
}

/** One event with its subject as it stood right after it, and the agencies whose inbox it reaches. */
export interface AidEventNoticeRecord {
  event: AidEventRecord;
  helpRequest: HelpRequestRecord | null;
  helpOffer: HelpOfferRecord | null;
  loan: LoanRecord | null;
  agencyIds: string[];
}

export interface HelpMatchesRecord {
  request: HelpRequestRecord;
  asOf: string;
  offers: HelpOfferRecord[];
  alternativeIds: string[];
}

export type LoanConnectionRecord = CountedPage<LoanRecord>;
export type HelpRequestConnectionRecord = CountedPage<HelpRequestRecord>;
export type HelpOfferConnectionRecord = CountedPage<HelpOfferRecord>;

export interface PostHelpRequestPayloadRecord {
  helpRequest: HelpRequestRecord;
  created: boolean;
}

export interface PostHelpOfferPayloadRecord {
  helpOffer: HelpOfferRecord;
  created: boolean;
}

export interface AgreeLoanPayloadRecord {
  loan: LoanRecord;
  created: boolean;
}
