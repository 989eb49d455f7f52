// A deliberately naive evaluator written straight from DOMAIN.md: plain
// loops until nothing changes, root causes by enumerating every simple walk.
// Slow on purpose, so that it is easy to check by reading; the optimised
// module is compared against it on random graphs.

import type { EnterpriseFacts, GraphFacts, LoanFact, NeedFact, RestrictionFact } from '../../src/analysis/types.ts';

export interface RefScenario {
  operating?: readonly string[];
  suspendedNoDate?: readonly string[];
  countStock?: boolean;
  /** Every SUSPENDED enterprise with a date in (asOf, resumeThrough] counts as OPERATING. */
  resumeThrough?: string;
  /** The day whose restrictions and loans are in force, and after which an effective date covers; asOf when absent. */
  day?: string;
  /** One restriction lifted, or counted in force from asOf (until its own until when later than asOf, open-ended otherwise). */
  restriction?: { id: string; lifted: boolean };
}

const DAY = 86_400_000;
const refDays = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
const refAddDays = (date: string, days: number): string => new Date(Date.parse(date) + Math.floor(days) * DAY).toISOString().slice(0, 10);
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class Reference {
  readonly ents = new Map<string, EnterpriseFacts>();
  private readonly supplierMap = new Map<string, string[]>();
  readonly needsOf = new Map<string, NeedFact[]>();
  readonly restrictions: RestrictionFact[] = [];
  readonly loans: LoanFact[] = [];

  constructor(readonly facts: GraphFacts) {
    for (const r of facts.restrictions ?? []) if (!this.restrictions.some((x) => x.id === r.id)) this.restrictions.push(r);
    for (const l of facts.loans ?? []) if (!this.loans.some((x) => x.id === l.id)) this.loans.push(l);
    for (const e of facts.enterprises) if (!this.ents.has(e.id)) this.ents.set(e.id, e);
    for (const s of facts.supplies) {
      if (!this.ents.has(s.supplier)) continue;
      const key = `${s.customer}\u0000${s.component}`;
      const list = this.supplierMap.get(key) ?? [];
      if (!list.includes(s.supplier)) list.push(s.supplier);
      list.sort(byId);
      this.supplierMap.set(key, list);
    }
    for (const n of facts.needs) {
      if (!this.ents.has(n.enterprise)) continue;
      this.needsOf.set(n.enterprise, [...(this.needsOf.get(n.enterprise) ?? []), n]);
    }
  }

  suppliersOf(customer: string, component: string): string[] {
    return this.supplierMap.get(`${customer}\u0000${component}`) ?? [];
  }

  needComponents(e: string): string[] {
    // A knownAble enterprise's needs are never evaluated: it has none here.
    if (this.ents.get(e)?.knownAble === true) return [];
    return [...new Set((this.needsOf.get(e) ?? []).map((n) => n.component))].sort(byId);
  }

  status(id: string, sc: RefScenario, asOf: string): { status: string; date: string | null } {
    const e = this.ents.get(id)!;
    if (sc.suspendedNoDate?.includes(id)) return { status: 'SUSPENDED', date: null };
    if (sc.operating?.includes(id)) return { status: 'OPERATING', date: null };
    const date = e.expectedResumeDate;
    if (e.status === 'SUSPENDED' && sc.resumeThrough !== undefined && date !== null && date > asOf && date <= sc.resumeThrough) {
      return { status: 'OPERATING', date: null };
    }
    return { status: e.status, date };
  }

  knownAble(id: string, sc: RefScenario): boolean {
    return this.ents.get(id)!.knownAble === true && !(sc.suspendedNoDate?.includes(id) ?? false);
  }

  /** DOMAIN "Logistics": whether the enterprise lies in the region's subtree. */
  private inRegion(id: string, code: string): boolean {
    const e = this.ents.get(id);
    return e !== undefined && (e.district === code || e.city === code || e.province === code);
  }

  private applies(r: RestrictionFact, supplier: string, customer: string, component: string): boolean {
    if (r.supply !== null) return r.supply.supplier === supplier && r.supply.customer === customer && r.supply.component === component;
    const sIn = this.inRegion(supplier, r.region!);
    const cIn = this.inRegion(customer, r.region!);
    if (r.direction === 'OUTBOUND') return sIn && !cIn;
    if (r.direction === 'INBOUND') return cIn && !sIn;
    return sIn !== cIn;
  }

  /** The restriction's (from, until) as the scenario counts it; null when lifted. */
  private window(r: RestrictionFact, sc: RefScenario, asOf: string): { from: string; until: string | null } | null {
    if (sc.restriction?.id !== r.id) return { from: r.from, until: r.until };
    if (sc.restriction.lifted) return null;
    return { from: asOf, until: r.until !== null && r.until > asOf ? r.until : null };
  }

  /** Untils (null: open-ended) of the restrictions in force on the scenario's day that apply to the edge. */
  restrictionsOn(supplier: string, customer: string, component: string, sc: RefScenario, asOf: string): { id: string; until: string | null }[] {
    const day = sc.day ?? asOf;
    const out: { id: string; until: string | null }[] = [];
    for (const r of this.restrictions) {
      const w = this.window(r, sc, asOf);
      if (w === null || !(w.from <= day && (w.until === null || day < w.until))) continue;
      if (this.applies(r, supplier, customer, component)) out.push({ id: r.id, until: w.until });
    }
    return out.sort((a, b) => byId(a.id, b.id));
  }

  interrupted(supplier: string, customer: string, component: string, sc: RefScenario, asOf: string): boolean {
    return this.restrictionsOn(supplier, customer, component, sc, asOf).length > 0;
  }

  /** DOMAIN "Logistics": an edge's effective date, null for none. */
  private effectiveDate(supplier: string, customer: string, component: string, sc: RefScenario, asOf: string): string | null {
    const day = sc.day ?? asOf;
    const st = this.status(supplier, sc, asOf);
    let eff: string | null = null;
    if (st.status === 'OPERATING') eff = day;
    else if (st.status === 'SUSPENDED' && st.date !== null && st.date > day && st.date > asOf) eff = st.date;
    const rs = this.restrictionsOn(supplier, customer, component, sc, asOf);
    if (rs.length === 0) return eff;
    if (eff === null || rs.some((r) => r.until === null)) return null;
    return rs.map((r) => r.until!).reduce((a, b) => (a > b ? a : b), eff);
  }

  /** DOMAIN step 2 for one need record, with effective dates: the plant's own stock. */
  covered(need: NeedFact, sc: RefScenario, asOf: string): boolean {
    if (sc.countStock === false || need.stockDays === null) return false;
    const day = sc.day ?? asOf;
    let earliest: string | null = null;
    for (const s of this.suppliersOf(need.enterprise, need.component)) {
      const eff = this.effectiveDate(s, need.enterprise, need.component, sc, asOf);
      if (eff !== null && eff > day && (earliest === null || eff < earliest)) earliest = eff;
    }
    return earliest !== null && need.stockDays >= refDays(asOf, earliest);
  }

  /** DOMAIN "Mutual aid": loans in force on the scenario's day for the borrower's component (none when stock is not counted). */
  loansFor(e: string, component: string, sc: RefScenario, asOf: string): LoanFact[] {
    if (sc.countStock === false) return [];
    const day = sc.day ?? asOf;
    return this.loans
      .filter((l) => l.borrower === e && l.component === component)
      .filter((l) => l.start <= day && day < refAddDays(l.start, l.coverDays) && (l.returnedOn === null || day < l.returnedOn))
      .sort((a, b) => byId(a.id, b.id));
  }

  /** An able supplier whose edge is not interrupted. */
  delivers(e: string, component: string, able: Set<string>, sc: RefScenario, asOf: string): boolean {
    return this.suppliersOf(e, component).some((s) => able.has(s) && !this.interrupted(s, e, component, sc, asOf));
  }

  needMet(need: NeedFact, able: Set<string>, sc: RefScenario, asOf: string): boolean {
    return (
      this.delivers(need.enterprise, need.component, able, sc, asOf) ||
      this.covered(need, sc, asOf) ||
      this.loansFor(need.enterprise, need.component, sc, asOf).length > 0
    );
  }

  /** A component need of e is met when every record of it is met. */
  componentMet(e: string, component: string, able: Set<string>, sc: RefScenario, asOf: string): boolean {
    return (this.needsOf.get(e) ?? []).filter((n) => n.component === component).every((n) => this.needMet(n, able, sc, asOf));
  }

  /** DOMAIN steps 1-3. */
  ableSet(asOf: string, sc: RefScenario = {}): Set<string> {
    const able = new Set<string>();
    for (const id of this.ents.keys()) {
      if (this.knownAble(id, sc) || this.status(id, sc, asOf).status === 'OPERATING') able.add(id);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of [...able]) {
        if (this.knownAble(id, sc)) continue;
        if ((this.needsOf.get(id) ?? []).some((n) => !this.needMet(n, able, sc, asOf))) {
          able.delete(id);
          changed = true;
        }
      }
    }
    return able;
  }

  ready(plant: string, asOf: string, sc: RefScenario = {}): boolean {
    return this.ableSet(asOf, { ...sc, operating: [...(sc.operating ?? []), plant] }).has(plant);
  }

  /** Every simple walk from the plant along unmet needs; calls visit(s, component, tier, customer) per step. */
  private enumerate(
    plant: string,
    able: Set<string>,
    asOf: string,
    first: string | null,
    visit: (s: string, c: string, tier: number) => void,
    visitRestriction: (r: string, c: string, tier: number, path: string[]) => void = () => {},
  ): void {
    const sc: RefScenario = { operating: [plant] };
    let steps = 0;
    const onPath = new Set<string>([plant]);
    const path: string[] = [plant];
    const go = (e: string, depth: number): void => {
      for (const c of this.needComponents(e)) {
        if (depth === 0 && first !== null && c !== first) continue;
        if (this.componentMet(e, c, able, sc, asOf)) continue;
        for (const s of this.suppliersOf(e, c)) {
          if (s === plant || onPath.has(s)) continue;
          if (++steps > 3_000_000) throw new Error('reference walk too large for this graph; shrink the generator');
          visit(s, c, depth + 1);
          for (const r of this.restrictionsOn(s, e, c, sc, asOf)) visitRestriction(r.id, c, depth + 1, [s, ...[...path].reverse()]);
          onPath.add(s);
          path.push(s);
          go(s, depth + 1);
          path.pop();
          onPath.delete(s);
        }
      }
    };
    go(plant, 0);
  }

  /** Logistics root causes by enumerating simple walks: restriction, components, lowest tier, and every path at that tier. */
  logisticsRootCauses(plant: string, asOf: string): { restriction: string; components: string[]; tier: number; paths: string[][] }[] {
    const able = this.ableSet(asOf, { operating: [plant] });
    const info = new Map<string, { components: Set<string>; tier: number; paths: string[][] }>();
    this.enumerate(plant, able, asOf, null, () => {}, (r, c, tier, path) => {
      const x = info.get(r) ?? { components: new Set<string>(), tier, paths: [] };
      x.components.add(c);
      if (tier < x.tier) {
        x.tier = tier;
        x.paths = [];
      }
      if (tier === x.tier) x.paths.push(path);
      info.set(r, x);
    });
    return [...info.entries()]
      .map(([restriction, x]) => ({ restriction, components: [...x.components].sort(byId), tier: x.tier, paths: x.paths }))
      .sort((a, b) => a.tier - b.tier || byId(a.restriction, b.restriction));
  }

  /**
   * Logistics root causes' tiers for graphs too large to enumerate: per
   * interrupted walk edge e -> s, the breadth-first distance to e over walk
   * edges avoiding s, plus one.
   */
  logisticsTiers(plant: string, asOf: string): { restriction: string; tier: number }[] {
    const able = this.ableSet(asOf, { operating: [plant] });
    const sc: RefScenario = { operating: [plant] };
    const edges: [string, string][] = [];
    for (const e of this.ents.keys()) {
      for (const c of this.needComponents(e)) {
        if (this.componentMet(e, c, able, sc, asOf)) continue;
        for (const s of this.suppliersOf(e, c)) if (s !== plant) edges.push([e, s]);
      }
    }
    const best = new Map<string, number>();
    for (const e of this.ents.keys()) {
      for (const c of this.needComponents(e)) {
        if (this.componentMet(e, c, able, sc, asOf)) continue;
        for (const s of this.suppliersOf(e, c)) {
          if (s === plant) continue;
          const rs = this.restrictionsOn(s, e, c, sc, asOf);
          if (rs.length === 0) continue;
          const dist = new Map<string, number>([[plant, 0]]);
          const queue = [plant];
          while (queue.length > 0) {
            const x = queue.shift()!;
            for (const [from, to] of edges) {
              if (from !== x || to === s || dist.has(to)) continue;
              dist.set(to, dist.get(x)! + 1);
              queue.push(to);
            }
          }
          const d = dist.get(e);
          if (d === undefined) continue;
          for (const r of rs) best.set(r.id, Math.min(best.get(r.id) ?? Infinity, d + 1));
        }
      }
    }
    return [...best.entries()].map(([restriction, tier]) => ({ restriction, tier })).sort((a, b) => a.tier - b.tier || byId(a.restriction, b.restriction));
  }

  /** The whole readiness report; `enumerate: false` leaves root causes to walkTiers (large graphs). */
  readiness(plant: string, asOf: string, options: { enumerate?: boolean; expectedDate?: boolean } = {}) {
    const enumerate = options.enumerate ?? true;
    const able = this.ableSet(asOf, { operating: [plant] });
    const sc: RefScenario = { operating: [plant] };
    const ready = able.has(plant);
    const me = this.ents.get(plant)!;

    const rootInfo = new Map<string, { components: Set<string>; tier: number }>();
    if (enumerate) this.enumerate(plant, able, asOf, null, (s, c, tier) => {
      const info = rootInfo.get(s) ?? { components: new Set<string>(), tier };
      info.components.add(c);
      info.tier = Math.min(info.tier, tier);
      rootInfo.set(s, info);
    });
    const rootCauses = [...rootInfo.entries()]
      .filter(([s]) => this.ents.get(s)!.status !== 'OPERATING')
      .map(([s, info]) => ({ enterprise: s, components: [...info.components].sort(byId), tier: info.tier }))
      .sort((a, b) => a.tier - b.tier || byId(a.enterprise, b.enterprise));

    const rank = (o: EnterpriseFacts): number =>
      o.district === me.district ? 0 : o.city === me.city ? 1 : o.province === me.province ? 2 : 3;
    const blockedInputs = this.needComponents(plant)
      .filter((c) => !this.componentMet(plant, c, able, sc, asOf))
      .map((c) => {
        const suppliers = this.suppliersOf(plant, c);
        const roots = new Set<string>();
        if (enumerate) this.enumerate(plant, able, asOf, c, (s) => {
          if (this.ents.get(s)!.status !== 'OPERATING') roots.add(s);
        });
        const makers = [...new Set(this.facts.makes.filter((m) => m.component === c && this.ents.has(m.enterprise)).map((m) => m.enterprise))];
        const alternatives = makers
          .filter((m) => able.has(m) && m !== plant && !suppliers.includes(m))
          .map((m) => this.ents.get(m)!)
          .sort((a, b) => rank(a) - rank(b) || byId(a.id, b.id))
          .map((m) => m.id);
        return {
          component: c,
          reason: suppliers.length === 0 ? 'NO_SUPPLIER' : suppliers.some((s) => able.has(s)) ? 'DELIVERY_INTERRUPTED' : 'SUPPLIERS_DOWN',
          suppliers,
          rootCauses: [...roots].sort(byId),
          alternatives,
        };
      });

    const atRisk = this.needComponents(plant)
      .filter((c) => this.componentMet(plant, c, able, sc, asOf) && !this.delivers(plant, c, able, sc, asOf))
      .map((c) => {
        const records = (this.needsOf.get(plant) ?? []).filter((n) => n.component === c);
        const byStock = records.every((n) => this.covered(n, sc, asOf));
        const stockDays = byStock ? Math.min(...records.map((n) => n.stockDays!)) : null;
        const loans = this.loansFor(plant, c, sc, asOf);
        const ends = loans.map((l) => [refAddDays(l.start, l.coverDays), l.returnedOn ?? '9999-12-31'].sort(byId)[0]!).sort(byId);
        return {
          component: c,
          stockDays,
          coveredUntil: stockDays === null ? null : refAddDays(asOf, stockDays),
          suppliers: this.suppliersOf(plant, c),
          loans: loans.map((l) => l.id),
          loanEndsOn: ends.at(-1) ?? null,
        };
      });

    const expectedReadyDate = options.expectedDate === false ? undefined : this.expectedReadyDate(plant, asOf, ready);
    return { ready, blockedInputs, atRisk, rootCauses, expectedReadyDate };
  }

  /** DOMAIN: the first resume date d after asOf that makes the plant ready with everyone resuming by d operating, no stock. */
  expectedReadyDate(plant: string, asOf: string, ready = this.ready(plant, asOf)): string | null {
    if (ready) return asOf;
    const dates = [...this.ents.values()]
      .filter((e) => e.status === 'SUSPENDED' && e.expectedResumeDate !== null && e.expectedResumeDate > asOf)
      .map((e) => e.expectedResumeDate!);
    for (const r of this.restrictions) if (r.until !== null && r.until > asOf) dates.push(r.until);
    for (const d of [...new Set(dates)].sort(byId)) {
      if (this.ready(plant, asOf, { resumeThrough: d, countStock: false, day: d })) return d;
    }
    return null;
  }

  /** DOMAIN "Impact of a restriction". */
  restrictionImpact(id: string, asOf: string): string[] {
    return [...this.ents.keys()]
      .filter((q) => this.ents.get(q)!.status !== 'CLOSED')
      .filter((q) => this.ready(q, asOf, { restriction: { id, lifted: true } }) && !this.ready(q, asOf, { restriction: { id, lifted: false } }))
      .sort(byId);
  }

  /** Walk edges (customer -> supplier) of the plant's A*: used to check that a reported path is a shortest walk. */
  walkEdges(plant: string, asOf: string): Set<string> {
    const able = this.ableSet(asOf, { operating: [plant] });
    const edges = new Set<string>();
    for (const e of this.ents.keys()) {
      for (const c of this.needComponents(e)) {
        if (this.componentMet(e, c, able, { operating: [plant] }, asOf)) continue;
        for (const s of this.suppliersOf(e, c)) if (s !== plant) edges.add(`${e}>${s}`);
      }
    }
    return edges;
  }

  /**
   * Breadth-first tiers of the walk (the shortest simple walk is a shortest
   * walk): for graphs too large to enumerate simple walks. `first` restricts
   * the plant's step to one component.
   */
  walkTiers(plant: string, asOf: string, first: string | null = null): Map<string, number> {
    const able = this.ableSet(asOf, { operating: [plant] });
    const sc: RefScenario = { operating: [plant] };
    const tier = new Map<string, number>([[plant, 0]]);
    const queue = [plant];
    while (queue.length > 0) {
      const e = queue.shift()!;
      for (const c of this.needComponents(e)) {
        if (e === plant && first !== null && c !== first) continue;
        if (this.componentMet(e, c, able, sc, asOf)) continue;
        for (const s of this.suppliersOf(e, c)) {
          if (tier.has(s)) continue;
          tier.set(s, tier.get(e)! + 1);
          queue.push(s);
        }
      }
    }
    tier.delete(plant);
    return tier;
  }

  /** Root causes as (id, tier), ordered by tier then id, from walkTiers. */
  rootCauseTiers(plant: string, asOf: string, first: string | null = null): { enterprise: string; tier: number }[] {
    return [...this.walkTiers(plant, asOf, first).entries()]
      .filter(([s]) => this.ents.get(s)!.status !== 'OPERATING')
      .map(([enterprise, tier]) => ({ enterprise, tier }))
      .sort((a, b) => a.tier - b.tier || byId(a.enterprise, b.enterprise));
  }

  impact(s: string, asOf: string): string[] {
    const out: string[] = [];
    for (const q of this.ents.keys()) {
      if (q === s || this.ents.get(q)!.status === 'CLOSED') continue;
      const up = this.ableSet(asOf, { operating: [s, q] }).has(q);
      const down = this.ableSet(asOf, { operating: [q], suspendedNoDate: [s] }).has(q);
      if (up && !down) out.push(q);
    }
    return out.sort(byId);
  }

  /** Ids of the enterprises located in the region's subtree (first record of each id), in id order. */
  regionMembers(code: string): string[] {
    return [...this.ents.values()].filter((e) => e.district === code || e.city === code || e.province === code).map((e) => e.id).sort(byId);
  }

  /** Scope members (non-CLOSED, listed ids) not ready with X counted OPERATING. */
  blockedUnder(scope: readonly string[], asOf: string, restarts: readonly string[]): string[] {
    return scope.filter((p) => this.ents.get(p)!.status !== 'CLOSED' && !this.ready(p, asOf, { operating: restarts }));
  }

  private workforceOf(ids: readonly string[]): number {
    return ids.reduce((sum, id) => sum + this.ents.get(id)!.workforce, 0);
  }

  /**
   * DOMAIN "Restart plan", literally: blocked(X ∪ {c}) recomputed from scratch
   * for every SUSPENDED candidate; a candidate is considered only when it frees
   * someone. Reasons of what remains as the pure plan documents them.
   */
  restartPlan(scope: readonly string[], k: number, asOf: string) {
    const restarts: string[] = [];
    const steps: { enterprise: string; freed: string[]; blockedAnew: string[]; freedWorkforce: number; freedPlants: number; totalWorkforce: number; totalPlants: number }[] = [];
    let blocked = this.blockedUnder(scope, asOf, restarts);
    const suspended = [...this.ents.values()].filter((e) => e.status === 'SUSPENDED').map((e) => e.id).sort(byId);
    let totalWorkforce = 0;
    let totalPlants = 0;
    while (steps.length < k) {
      let best: (typeof steps)[number] | null = null;
      for (const c of suspended) {
        if (restarts.includes(c)) continue;
        const after = this.blockedUnder(scope, asOf, [...restarts, c]);
        const freed = blocked.filter((p) => !after.includes(p)).sort(byId);
        if (freed.length === 0) continue;
        const freedWorkforce = this.workforceOf(blocked) - this.workforceOf(after);
        const freedPlants = blocked.length - after.length;
        if (best === null || freedWorkforce > best.freedWorkforce || (freedWorkforce === best.freedWorkforce && freedPlants > best.freedPlants)) {
          best = { enterprise: c, freed, blockedAnew: after.filter((q) => !blocked.includes(q)).sort(byId), freedWorkforce, freedPlants, totalWorkforce: 0, totalPlants: 0 };
        }
      }
      if (best === null) break;
      restarts.push(best.enterprise);
      blocked = this.blockedUnder(scope, asOf, restarts);
      totalWorkforce += best.freedWorkforce;
      totalPlants += best.freedPlants;
      steps.push({ ...best, totalWorkforce, totalPlants });
    }
    const remaining = [...blocked].sort(byId).map((p) => ({ enterprise: p, reasons: this.remainingReasons(p, asOf, restarts, suspended) }));
    return { steps, remaining };
  }

  private remainingReasons(plant: string, asOf: string, restarts: readonly string[], suspended: readonly string[]): string[] {
    const sc: RefScenario = { operating: [...restarts, plant] };
    const able = this.ableSet(asOf, sc);
    const seen = new Set<string>([plant]);
    const queue = [plant];
    let noSupplier = false;
    let restricted = false;
    while (queue.length > 0) {
      const e = queue.shift()!;
      for (const c of this.needComponents(e)) {
        if (this.componentMet(e, c, able, sc, asOf)) continue;
        const suppliers = this.suppliersOf(e, c);
        if (suppliers.length === 0) noSupplier = true;
        if (suppliers.some((s) => s !== plant && this.interrupted(s, e, c, sc, asOf))) restricted = true;
        for (const s of suppliers) {
          if (seen.has(s)) continue;
          seen.add(s);
          queue.push(s);
        }
      }
    }
    seen.delete(plant);
    const walked = [...seen];
    const down = walked.filter((s) => this.ents.get(s)!.status === 'SUSPENDED' && !restarts.includes(s));
    const reasons: string[] = [];
    const alone = suspended.some((c) => !restarts.includes(c) && this.ready(plant, asOf, { operating: [...restarts, c] }));
    if (down.length > 1 && !alone && this.ready(plant, asOf, { operating: [...restarts, ...down] })) reasons.push('JOINT_RESTART');
    if (walked.some((s) => this.ents.get(s)!.status === 'CLOSED')) reasons.push('CLOSED_ROOT_CAUSE');
    if (noSupplier) reasons.push('NO_SUPPLIER');
    if (restricted) reasons.push('LOGISTICS_RESTRICTION');
    return reasons;
  }

  /** DOMAIN "Readiness timeline", each day evaluated from scratch. */
  readinessTimeline(scope: readonly string[], from: string, days: number) {
    const members = [...new Set(scope)].filter((p) => this.ents.get(p)!.status !== 'CLOSED');
    const out: { date: string; blockedCount: number; blockedWorkforce: number; atWorkCount: number; atWorkWorkforce: number }[] = [];
    for (let n = 0; n < days; n++) {
      const date = refAddDays(from, n);
      const sc: RefScenario = { resumeThrough: date, day: date };
      const blocked = members.filter((p) => !this.ready(p, from, sc));
      const able = this.ableSet(from, sc);
      const working = members.filter((p) => able.has(p));
      out.push({ date, blockedCount: blocked.length, blockedWorkforce: this.workforceOf(blocked), atWorkCount: working.length, atWorkWorkforce: this.workforceOf(working) });
    }
    return out;
  }
}
