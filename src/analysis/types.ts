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

export interface GraphFacts {
  enterprises: EnterpriseFacts[];
  needs: NeedFact[];
  supplies: SupplyFact[];
  makes: MakesFact[];
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

export type BlockReason = 'NO_SUPPLIER' | 'SUPPLIERS_DOWN';

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

export interface AtRiskInput {
  component: string;
  stockDays: number;
  /** asOf + stockDays: the last day the stock lasts. */
  coveredUntil: string;
  suppliers: string[];
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

export interface RestartReadiness {
  plant: string;
  asOf: string;
  ready: boolean;
  expectedReadyDate: string | null;
  blockedInputs: BlockedInput[];
  atRisk: AtRiskInput[];
  rootCauses: RootCause[];
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
