// Plain data the analysis reads and returns. Nothing here knows about Neo4j
// or GraphQL: the API layer maps a fetched subgraph into these shapes, the
// tests build them by hand, and the benchmark generates them.

export type EnterpriseStatus = 'OPERATING' | 'SUSPENDED' | 'CLOSED';

export interface EnterpriseFacts {
  id: string;
  status: EnterpriseStatus;
  /** ISO 'YYYY-MM-DD'; only meaningful for SUSPENDED enterprises. */
  expectedResumeDate: string | null;
  /** 0 when unknown. */
  workforce: number;
  epidemicCritical: boolean;
  /** Region codes; for a municipality's district, city === province code. */
  district: string;
  city: string;
  province: string;
  /** Set when the enterprise lies outside a fetched subgraph and is already known to be able: treat it as able, never evaluate its needs. */
  knownAble?: boolean;
}

export interface NeedFact {
  enterprise: string;
  component: string;
  stockDays: number | null;
}

export interface SupplyFact {
  supplier: string;
  customer: string;
  component: string;
}

export interface MakesFact {
  enterprise: string;
  component: string;
}

export type RestrictionDirection = 'INBOUND' | 'OUTBOUND' | 'BOTH';

/**
 * Deliveries interrupted from `from` (inclusive) until `until` (exclusive;
 * null: open-ended): either one supply edge, or every edge crossing a
 * region's border in a direction (DOMAIN.md, "Logistics").
 */
export interface RestrictionFact {
  id: string;
  supply: SupplyFact | null;
  /** Region code (any level); with `direction`, when `supply` is null. */
  region: string | null;
  direction: RestrictionDirection | null;
  from: string;
  until: string | null;
}

/** Stock lent: meets the borrower's need of the component while start ≤ day < start + coverDays and before returnedOn. */
export interface LoanFact {
  id: string;
  lender: string;
  borrower: string;
  component: string;
  coverDays: number;
  start: string;
  returnedOn: string | null;
}

export interface GraphFacts {
  enterprises: EnterpriseFacts[];
  needs: NeedFact[];
  supplies: SupplyFact[];
  makes: MakesFact[];
  restrictions?: RestrictionFact[];
  loans?: LoanFact[];
}

/** Statuses forced for one evaluation ("what if"), by enterprise id. */
export interface AbleOptions {
  /** Counted OPERATING whatever their recorded status. */
  operating?: readonly string[];
  /** Counted SUSPENDED with no expected resume date (never able, never covering). */
  suspendedNoDate?: readonly string[];
  /** Whether a need can be met by stock until a suspended supplier resumes; default true. */
  countStock?: boolean;
}

/** DELIVERY_INTERRUPTED: some supplier is able, but every able one's edge is interrupted. */
export type BlockReason = 'NO_SUPPLIER' | 'SUPPLIERS_DOWN' | 'DELIVERY_INTERRUPTED';

export interface BlockedInput {
  component: string;
  reason: BlockReason;
  /** Every supplier of the component to the plant, in id order. */
  suppliers: string[];
  /** Root causes reached from the plant's suppliers of this component, in id order. */
  rootCauses: string[];
  /** Able makers of the component that do not supply it to the plant yet, nearest first, then by id. */
  alternatives: string[];
}

/** A need met by stock or by a loan, with no able supplier reaching the plant. */
export interface AtRiskInput {
  component: string;
  /** Null when the plant's own stock does not cover the need (a loan does). */
  stockDays: number | null;
  /** asOf + stockDays: the last day the stock lasts; null with stockDays. */
  coveredUntil: string | null;
  suppliers: string[];
  /** Loans in force meeting the need, by id. */
  loans: string[];
  /** The day the loans stop meeting the need (the latest end among them); null without a loan. */
  loanEndsOn: string | null;
}

export interface RootCause {
  enterprise: string;
  /** Components it fails to deliver on some simple walk from the plant, in id order. */
  components: string[];
  /** Lowest tier: 1 for the plant's direct suppliers. */
  tier: number;
  /** One shortest supply path, from the root cause to the plant (both included). */
  path: string[];
}

/** A restriction in force on an edge of the walk back from the plant (DOMAIN.md, "Logistics"). */
export interface LogisticsRootCause {
  restriction: string;
  /** Components of the interrupted edges on some simple walk from the plant, in id order. */
  components: string[];
  /** The customer's tier + 1, lowest over its edges: the tier the supplier it cuts off would have. */
  tier: number;
  /** One shortest supply path, from the cut-off supplier to the plant (both included). */
  path: string[];
}

export interface RestartReadiness {
  plant: string;
  asOf: string;
  ready: boolean;
  expectedReadyDate: string | null;
  blockedInputs: BlockedInput[];
  atRisk: AtRiskInput[];
  rootCauses: RootCause[];
  /** Restrictions in force on the walk, lowest tier first, then id. */
  logisticsRootCauses: LogisticsRootCause[];
}

export interface BlockedPlant {
  plant: string;
  status: EnterpriseStatus;
  /** Components of the plant's needs that are not met, in id order. */
  blockedInputs: string[];
  /** Root-cause enterprise ids ordered by tier, then id. */
  rootCauses: string[];
  rootCauseCount: number;
}
