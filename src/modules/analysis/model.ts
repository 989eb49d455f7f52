/**
 * The analysis read model: the whole supply graph of the database held in
 * this process, with its statuses and `able0` flags kept current. Neo4j
 * stays the one source of truth; the model is a cache each API replica
 * keeps for itself and checks before every answer with one small query:
 *
 *   epoch  changes whenever a dataset load may have changed anything (a
 *          new random id written by the load); a model of another epoch is
 *          rebuilt from scratch.
 *   seq    counts the changes made between loads: each `StatusChange`,
 *          each `RestrictionChange` record (a restriction imposed or
 *          lifted, as it stands after the change) and each `LoanChange`
 *          (a loan agreed or returned, likewise) carries the seq its
 *          transaction took under the ableness lock, so seqs commit in
 *          order and a model at seq n replays n+1, n+2, … exactly.
 *
 * These are the only writes between loads that can change an answer, so a
 * model at the stored (epoch, seq) answers exactly what a fresh evaluation
 * over Neo4j would.
 */
import { able0Mask, refreshAble0 } from '../../analysis/able0.ts';
import type { Logistics, SupplyGraph } from '../../analysis/graph.ts';
import { AbleCache, buildSupplyGraph, isDashboardCandidate } from '../../analysis/index.ts';
import type { EnterpriseStatus, GraphFacts, LoanFact, RestrictionFact } from '../../analysis/types.ts';
import type { EnterpriseSearch } from '../enterprises/cypher.ts';
import type { ComponentRecord, EnterpriseRecord, MakeRecord, NeedRecord, SupplyRecord } from '../enterprises/mappers.ts';
import type { AgencyRecord, RegionRecord } from '../regions/mappers.ts';
import type { RecordSource, WholeGraph } from '../shared/loaders.ts';
import { firstAfter } from '../shared/pagination.ts';
import { Catalogue, type ModelFacts } from './catalogue.ts';
import { enterpriseRecord } from './records.ts';

export interface StoredStatusChange {
  seq: number;
  enterpriseId: string;
  status: EnterpriseStatus;
  expectedResumeDate: string | null;
}

/** A restriction imposed or lifted: the restriction as it stands after the change. */
export interface StoredRestrictionChange {
  seq: number;
  restriction: RestrictionFact;
}

/** A loan agreed or returned: the loan as it stands after the change. */
export interface StoredLoanChange {
  seq: number;
  loan: LoanFact;
}

/** What a read model replays, in seq order. */
export type StoredChange = StoredStatusChange | StoredRestrictionChange | StoredLoanChange;

export function isStatusChange(change: StoredChange): change is StoredStatusChange {
  return 'enterpriseId' in change;
}

function isRestrictionChange(change: StoredChange): change is StoredRestrictionChange {
  return 'restriction' in change;
}

/** What an answer shows of an enterprise beyond the facts the evaluator reads; only a load changes these. */
export interface EnterpriseLabel {
  id: string;
  name: string;
  industry: string | null;
  note: string | null;
}

export interface ModelVersion {
  epoch: string | null;
  seq: number;
}

/** The records an answer names come from the model too: it was checked current for the request, so they are what Neo4j holds. */
/** A name that is two or more Chinese characters matches exactly, as the full-text path does; any other case-insensitively. */
const CJK_ONLY = /^[\p{Script=Han}]{2,}$/u;

export class AnalysisModel implements RecordSource, WholeGraph {
  /** The graph as stored: impact questions force one enterprise suspended, so nothing may be taken as known able. */
  readonly graph: SupplyGraph;
  /** The same graph with able0 enterprises known able: readiness and the dashboard stop at them. */
  readonly trusted: SupplyGraph;
  readonly able0: Uint8Array;
  /** The able sets questions on this model have settled, kept with it: a question pays only for cones earlier ones did not settle. */
  readonly cache = new AbleCache();
  private loadEpoch: string | null;
  private appliedSeq: number;
  /** Region code → indices of its subtree's enterprises, ascending (so in id order). */
  private readonly members = new Map<string, Int32Array>();
  /** Names, industries and notes by enterprise index, so an answer naming thousands of firms needs no further read. */
  private readonly names: string[];
  private readonly industries: (string | null)[];
  private readonly notes: (string | null)[];
  /** The edges, components, regions and agencies as the read API shows them. */
  private readonly catalogue: Catalogue;
  /** The restrictions and loans the graph was last given, by id: a restriction or loan change replaces one and hands the graph them all again. */
  private restrictionFacts: Map<string, RestrictionFact>;
  private loanFacts: Map<string, LoanFact>;
  /**
   * The last write's trial of its own changes (flipsIf): what they compile
   * to and the able0 flags they flip, so that replaying those very changes
   * (the next freshness check, once the write has committed) does not do
   * the same work again. Used only when the changes replayed are the same
   * and directly follow the model's seq, as they did in the trial.
   */
  private trial: { firstSeq: number; key: string; logistics: Logistics; flips: readonly { i: number; able0: number }[] } | null = null;

  constructor(
    facts: GraphFacts | ModelFacts,
    version: ModelVersion,
    labels: readonly EnterpriseLabel[] = [],
    components: readonly ComponentRecord[] = [],
    regions: readonly RegionRecord[] = [],
    agencies: readonly AgencyRecord[] = [],
  ) {
    this.graph = buildSupplyGraph(facts);
    const n = this.graph.size;
    this.names = new Array<string>(n).fill('');
    this.industries = new Array<string | null>(n).fill(null);
    this.notes = new Array<string | null>(n).fill(null);
    // Industries repeat: share one string per industry rather than one per enterprise.
    const interned = new Map<string, string>();
    for (const label of labels) {
      const i = this.graph.indexOf(label.id);
      if (i === undefined) continue;
      this.names[i] = label.name;
      this.industries[i] = label.industry === null ? null : (interned.get(label.industry) ?? (interned.set(label.industry, label.industry), label.industry));
      this.notes[i] = label.note;
    }
    this.catalogue = new Catalogue(this.graph, facts, components, regions, agencies);
    this.restrictionFacts = new Map((facts.restrictions ?? []).map((r) => [r.id, r]));
    // The graph keeps the first record of a repeated id: so does the map.
    this.loanFacts = new Map();
    for (const l of facts.loans ?? []) if (!this.loanFacts.has(l.id)) this.loanFacts.set(l.id, l);
    this.able0 = able0Mask(this.graph);
    this.trusted = this.graph.withKnownAble(this.able0);
    this.loadEpoch = version.epoch;
    this.appliedSeq = version.seq;
    const lists = new Map<string, number[]>();
    this.graph.enterprises.forEach((e, i) => {
      // A municipality's district has the municipality as city and province: count it once.
      for (const code of new Set([e.district, e.city, e.province])) {
        if (!code) continue;
        let list = lists.get(code);
        if (!list) lists.set(code, (list = []));
        list.push(i);
      }
    });
    for (const [code, list] of lists) this.members.set(code, Int32Array.from(list));
  }

  get epoch(): string | null {
    return this.loadEpoch;
  }

  /** The epoch a load started after this model was built from what it wrote. */
  adopt(epoch: string): void {
    this.loadEpoch = epoch;
  }

  get seq(): number {
    return this.appliedSeq;
  }

  /**
   * Applies the changes that directly follow the model's seq, in order, and
   * brings able0 up to date once for all of them. Stops at a gap (a change
   * not yet visible to the reading transaction): the caller then sees
   * `seq` short of the stored one and answers from Neo4j this time.
   */
  apply(changes: readonly StoredChange[]): number[] {
    const changed: number[] = [];
    let pending = [...changes].sort((a, b) => a.seq - b.seq).filter((c) => c.seq > this.appliedSeq);
    const tried = this.trial;
    this.trial = null;
    const flippedBefore: number[] = [];
    if (tried !== null && tried.firstSeq === this.appliedSeq + 1) {
      const n = JSON.parse(tried.key).length as number;
      const same = pending.slice(0, n);
      if (same.length === n && JSON.stringify(same) === tried.key) {
        for (const change of same) this.take(change, false);
        if (same.some((c) => !isStatusChange(c))) this.graph.restoreLogistics(tried.logistics);
        for (const { i, able0 } of tried.flips) this.able0[i] = able0;
        for (const { i } of tried.flips) flippedBefore.push(i);
        this.graph.logKnownAbleChanges(flippedBefore);
        this.appliedSeq = same[n - 1]!.seq;
        pending = pending.slice(n);
      }
    }
    for (const change of pending) {
      if (change.seq <= this.appliedSeq) continue;
      if (change.seq !== this.appliedSeq + 1) break;
      changed.push(...this.take(change));
      this.appliedSeq = change.seq;
    }
    if (changed.length === 0) return flippedBefore;
    const flipped = refreshAble0(this.graph, this.able0, changed);
    this.graph.logKnownAbleChanges(flipped);
    return [...flippedBefore, ...flipped];
  }

  /**
   * Sets one change on the graph, able0 aside, and returns the enterprises
   * whose able0 it may change. Without `compile`, a restriction or loan
   * changes only the facts: the caller puts their compiled form in place.
   */
  private take(change: StoredChange, compile = true): number[] {
    if (isRestrictionChange(change)) {
      this.restrictionFacts = new Map(this.restrictionFacts).set(change.restriction.id, change.restriction);
      return compile ? this.setLogistics() : [];
    }
    if (!isStatusChange(change)) {
      this.loanFacts = new Map(this.loanFacts).set(change.loan.id, change.loan);
      return compile ? this.setLogistics() : [];
    }
    const i = this.graph.indexOf(change.enterpriseId);
    if (i === undefined) return [];
    this.graph.setStatus(i, change.status, change.expectedResumeDate);
    return [i];
  }

  private setLogistics(): number[] {
    return this.graph.setLogistics([...this.restrictionFacts.values()], [...this.loanFacts.values()]);
  }

  /**
   * The able0 flags that would flip if `changes` were applied, leaving the
   * model as it is: a write computes them before its transaction commits,
   * when the model must not take the change yet. Runs to the end without
   * yielding, so no answer can see the state it sets and restores.
   */
  flipsIf(changes: readonly StoredChange[]): { id: string; able0: boolean }[] {
    const savedStatuses: { i: number; status: EnterpriseStatus; expectedResumeDate: string | null }[] = [];
    const savedRestrictions = this.restrictionFacts;
    const savedLoans = this.loanFacts;
    const savedLogistics = this.graph.logistics;
    const touched: number[] = [];
    try {
      for (const change of changes) {
        if (isStatusChange(change)) {
          const i = this.graph.indexOf(change.enterpriseId);
          if (i === undefined) continue;
          const { status, expectedResumeDate } = this.graph.enterprises[i]!;
          savedStatuses.push({ i, status, expectedResumeDate });
        }
        touched.push(...this.take(change));
      }
      const mask = this.able0.slice();
      const flipped = refreshAble0(this.graph, mask, touched);
      this.trial = {
        firstSeq: Math.min(...changes.map((c) => c.seq)),
        key: JSON.stringify([...changes].sort((a, b) => a.seq - b.seq)),
        logistics: this.graph.logistics,
        flips: flipped.map((i) => ({ i, able0: mask[i]! })),
      };
      return flipped.map((i) => ({ id: this.graph.ids[i]!, able0: mask[i] === 1 }));
    } finally {
      for (const { i, status, expectedResumeDate } of savedStatuses.reverse()) this.graph.setStatus(i, status, expectedResumeDate);
      if (this.restrictionFacts !== savedRestrictions || this.loanFacts !== savedLoans) {
        this.restrictionFacts = savedRestrictions;
        this.loanFacts = savedLoans;
        this.graph.restoreLogistics(savedLogistics);
      }
    }
  }

  /** An enterprise as the enterprise loader returns it, built when an answer shows it. */
  enterprise(id: string): EnterpriseRecord | undefined {
    const i = this.graph.indexOf(id);
    if (i === undefined) return undefined;
    return enterpriseRecord(this.graph.enterprises[i]!, this.names[i]!, this.industries[i]!, this.notes[i]!);
  }

  component(id: string): ComponentRecord | undefined {
    return this.catalogue.component(id);
  }

  region(code: string): RegionRecord | undefined {
    return this.catalogue.region(code);
  }

  suppliesInto(id: string): SupplyRecord[] | undefined {
    return this.catalogue.suppliesInto(id);
  }

  suppliesFrom(id: string): SupplyRecord[] | undefined {
    return this.catalogue.suppliesFrom(id);
  }

  needsOfEnterprise(id: string): NeedRecord[] | undefined {
    return this.catalogue.needsOfEnterprise(id);
  }

  needsOfComponent(id: string): NeedRecord[] | undefined {
    return this.catalogue.needsOfComponent(id);
  }

  makesOfEnterprise(id: string): MakeRecord[] | undefined {
    return this.catalogue.makesOfEnterprise(id);
  }

  makesOfComponent(id: string): MakeRecord[] | undefined {
    return this.catalogue.makesOfComponent(id);
  }

  regionChildren(code: string): RegionRecord[] | undefined {
    return this.catalogue.regionChildren(code);
  }

  agency(id: string): AgencyRecord | undefined {
    return this.catalogue.agency(id);
  }

  regionAgencies(code: string): AgencyRecord[] | undefined {
    return this.catalogue.regionAgencies(code);
  }

  governingAgency(code: string): { agency: AgencyRecord | null } | undefined {
    return this.catalogue.governingAgency(code);
  }

  /** The enterprises matching every field of `search`, by index (so in id order); the region narrows first. */
  private matching(search: EnterpriseSearch): { count: number; at: (j: number) => number; keep: (i: number) => boolean } {
    const members = search.regionCode != null ? this.regionMembers(search.regionCode) : null;
    const status = search.status ?? null;
    const industry = search.industry ?? null;
    const critical = search.epidemicCritical ?? null;
    const term = search.nameContains ?? null;
    const exact = term !== null && CJK_ONLY.test(term);
    const lower = term?.toLowerCase() ?? '';
    const keep = (i: number): boolean => {
      const e = this.graph.enterprises[i]!;
      if (status !== null && e.status !== status) return false;
      if (industry !== null && this.industries[i] !== industry) return false;
      if (critical !== null && e.epidemicCritical !== critical) return false;
      if (term !== null && !(exact ? this.names[i]!.includes(term) : this.names[i]!.toLowerCase().includes(lower))) return false;
      return true;
    };
    return members ? { count: members.length, at: (j) => members[j]!, keep } : { count: this.graph.size, at: (j) => j, keep };
  }

  searchEnterprises(search: EnterpriseSearch, after: string | null, limit: number): EnterpriseRecord[] {
    const { count, at, keep } = this.matching(search);
    const ids = this.graph.ids;
    const out: EnterpriseRecord[] = [];
    for (let j = after === null ? 0 : firstAfter(count, (k) => ids[at(k)]!, after); j < count && out.length < limit; j++) {
      const i = at(j);
      if (keep(i)) out.push(this.enterprise(ids[i]!)!);
    }
    return out;
  }

  countEnterprises(search: EnterpriseSearch): number {
    const { count, at, keep } = this.matching(search);
    const filtered = search.status != null || search.industry != null || search.epidemicCritical != null || search.nameContains != null;
    if (!filtered) return count;
    let n = 0;
    for (let j = 0; j < count; j++) if (keep(at(j))) n++;
    return n;
  }

  searchComponents(nameContains: string | null): ComponentRecord[] {
    const all = this.catalogue.allComponents();
    if (nameContains === null) return all;
    const lower = nameContains.toLowerCase();
    return CJK_ONLY.test(nameContains) ? all.filter((c) => c.name.includes(nameContains)) : all.filter((c) => c.name.toLowerCase().includes(lower));
  }

  /** As regions/cypher.ts listRegions: of a level and/or with a parent, by code; with neither, the provinces. */
  listRegions(level: string | null, parent: string | null): RegionRecord[] {
    return this.catalogue
      .allRegions()
      .filter((r) => (level === null ? parent !== null || r.level === 'PROVINCE' : r.level === level) && (parent === null || r.parentCode === parent));
  }

  allAgencies(): readonly AgencyRecord[] {
    return this.catalogue.allAgencies();
  }

  /** The region subtree's dashboard candidates (see isDashboardCandidate), by index (so in id order). */
  dashboardCandidates(code: string): Int32Array {
    return this.regionMembers(code).filter((i) => this.isCandidate(i));
  }

  /** The same over the enterprises with indices from..to-1, wherever they are: for settling a whole day step by step. */
  candidatesAmong(from: number, to: number): Int32Array {
    const out: number[] = [];
    for (let i = from; i < to; i++) if (this.isCandidate(i)) out.push(i);
    return Int32Array.from(out);
  }

  private isCandidate(i: number): boolean {
    return isDashboardCandidate(this.graph.status[i]!, this.able0[i]!);
  }

  /** Indices of the enterprises located in the region or below it, ascending. */
  regionMembers(code: string): Int32Array {
    return this.members.get(code) ?? new Int32Array(0);
  }
}
