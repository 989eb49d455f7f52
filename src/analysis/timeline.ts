import { AbleCache, CANDIDATE, classify, type AbleSolver, type AbleView } from './able.ts';
import { formatDay, parseDay } from './dates.ts';
import { CLOSED, NO_DATE, SUSPENDED, type SupplyGraph } from './graph.ts';
import { readyOn } from './plan.ts';

// The readiness timeline (DOMAIN.md, "Readiness timeline"): on day d every
// SUSPENDED enterprise dated in (from, d] counts as OPERATING, and stock is
// judged as on `from` against the earliest date after d.
//
// The days are not monotone: a supplier that resumes on d but is not able
// itself no longer covers its customers' needs, and the next date they
// wait for is further away, so a plant ready on d - 1 can be blocked on d.
// Growing one able set day after day would be wrong. What is exact: the
// scenarios of d - 1 and d differ only at the enterprises dated d (their
// status, and the cover of the needs they supply), and readiness and
// ableness depend only on the upstream cone; so a day with no resumption
// repeats the day before, and any other day judges afresh only the scope
// members downstream of that day's resumptions, and of the customers and
// borrowers whose restrictions or loans start or end that day, on the day
// before's able set with just that downstream forgotten.

export interface TimelineDay {
  date: string;
  blockedCount: number;
  blockedWorkforce: number;
  atWorkCount: number;
  atWorkWorkforce: number;
}

/**
 * The enterprises each day changes for a timeline, whatever its first day:
 * the SUSPENDED dated that day, the customers of the edges whose
 * restrictions start or end that day, the borrowers whose loans do.
 */
function changesByDay(g: SupplyGraph): ReadonlyMap<number, readonly number[]> {
  const byDay = new Map<number, number[]>();
  const add = (d: number, i: number): void => {
    const list = byDay.get(d);
    if (list === undefined) byDay.set(d, [i]);
    else list.push(i);
  };
  for (let i = 0; i < g.size; i++) if (g.status[i] === SUSPENDED && g.resumeDay[i] !== NO_DATE) add(g.resumeDay[i]!, i);
  const lg = g.logistics;
  if (lg.restricted !== null) {
    for (const [p, rs] of lg.edgeRestrictions) {
      const customer = g.edgeCustomer(p);
      for (const r of rs) {
        add(lg.restrictionFrom[r]!, customer);
        add(lg.restrictionUntil[r]!, customer);
      }
    }
  }
  for (const [k, loans] of lg.needLoans) {
    for (const l of loans) {
      add(lg.loanStart[l]!, g.needOwner[k]!);
      add(lg.loanEnd[l]!, g.needOwner[k]!);
    }
  }
  return byDay;
}

/** Whether i counts as OPERATING on the view's scenario and is able: at work. */
function atWork(view: AbleView, i: number): boolean {
  return classify(view.graph, view.scenario, i) !== CANDIDATE ? view.graph.knownAble[i] === 1 : view.isAble(i);
}

/**
 * Per day from `from` (YYYY-MM-DD), `days` of them: the number and
 * workforce of the scope members (the non-CLOSED enterprises of a region's
 * subtree, by index) that are not ready, and of those at work. `cache` as
 * for every question (see AbleCache): the first day is the day's plain able
 * set, which the dashboard shares.
 */
export function readinessTimeline(g: SupplyGraph, scope: ArrayLike<number>, from: string, days: number, cache = new AbleCache()): TimelineDay[] {
  const fromDay = parseDay(from);
  const lastDay = fromDay + days - 1;
  const members: number[] = [];
  const position = new Map<number, number>();
  for (let j = 0; j < scope.length; j++) {
    const i = scope[j]!;
    if (g.status[i] === CLOSED || position.has(i)) continue;
    position.set(i, members.length);
    members.push(i);
  }
  const blocked = new Uint8Array(members.length);
  const working = new Uint8Array(members.length);
  const totals = { blockedCount: 0, blockedWorkforce: 0, atWorkCount: 0, atWorkWorkforce: 0 };
  const judge = (view: AbleView, j: number): void => {
    const i = members[j]!;
    const workforce = g.enterprises[i]!.workforce;
    const b = readyOn(view, i) ? 0 : 1;
    const w = atWork(view, i) ? 1 : 0;
    totals.blockedCount += b - blocked[j]!;
    totals.blockedWorkforce += (b - blocked[j]!) * workforce;
    totals.atWorkCount += w - working[j]!;
    totals.atWorkWorkforce += (w - working[j]!) * workforce;
    blocked[j] = b;
    working[j] = w;
  };

  // The first day's scenario resumes no one: it is the plain one, settled once per day and shared.
  const plain = cache.plainSolver(g, fromDay);
  for (let j = 0; j < members.length; j++) judge(plain, j);

  const changes = cache.derived(g, 'timeline changes by day', changesByDay);

  const out: TimelineDay[] = [{ date: from, ...totals }];
  // One copy of the first day's settled set (the members' cones of it), moved on day by day: each move forgets only what lies
  // downstream of its changes within them.
  let day: AbleSolver | null = null;
  try {
    for (let d = fromDay + 1; d <= lastDay; d++) {
      const starts = changes.get(d);
      if (starts !== undefined) {
        day ??= plain.forkCones(members);
        for (const i of day.moveToDay(d, starts)) {
          const j = position.get(i);
          if (j !== undefined) judge(day, j);
        }
      }
      out.push({ date: formatDay(d), ...totals });
    }
  } finally {
    day?.dispose();
  }
  return out;
}
