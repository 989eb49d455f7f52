/**
 * Coordination suggestions: the root causes of blocked plants, grouped into
 * one request per (requester, addressee), because one call between two
 * bureaus can cover several suppliers and every plant waiting on them
 * (DOMAIN.md, "Who should ask whom").
 *
 * Pure and deterministic: the result depends on the set of blocked plants and
 * root causes, not on their order.
 */

import { suggestionPriority, countedWorkforce } from './priority.ts';
import { compareIds, sortedUnique, widerScope, type Route, type RoutingScope } from './routing.ts';

export interface BlockedPlantInput {
  readonly plant: {
    readonly id: string;
    /** DISTRICT-level region code. */
    readonly district: string;
    readonly workforce: number | null;
    readonly epidemicCritical: boolean;
  };
  readonly rootCauses: readonly RootCauseInput[];
  /** Restrictions in force on the walk back from the plant; none when omitted. */
  readonly logisticsRootCauses?: readonly LogisticsRootCauseInput[];
}

export interface RootCauseRestriction {
  readonly id: string;
  /** Where it is routed: the restriction's region (any level), or for a supply edge the supplier's district. */
  readonly region: string;
}

export interface LogisticsRootCauseInput {
  readonly restriction: RootCauseRestriction;
  /** Components of the interrupted deliveries on the way to the plant. */
  readonly components: readonly string[];
  /** The tier the supplier it cuts off would have. */
  readonly tier: number;
}

export interface RootCauseEnterprise {
  readonly id: string;
  /** DISTRICT-level region code. */
  readonly district: string;
  readonly expectedResumeDate: string | null;
  readonly epidemicCritical: boolean;
}

export interface RootCauseInput {
  readonly enterprise: RootCauseEnterprise;
  /** Components it fails to deliver on the way to the plant. */
  readonly components: readonly string[];
  /** 1 for a direct supplier of the plant. */
  readonly tier: number;
}

/** What suggestions need from the routing index; a `RegionDirectory` is one. */
export interface Router {
  route(plantDistrict: string, rootCauseDistrict: string): Route;
  /** A logistics root cause: routed as if it were an enterprise in `region`. */
  routeToRegion(plantDistrict: string, region: string): Route;
}

export interface BuildSuggestionsInput {
  readonly routing: Router;
  readonly blocked: readonly BlockedPlantInput[];
}

export interface SuggestionTarget {
  readonly enterprise: RootCauseEnterprise;
  /** Union over the plants routed to this suggestion, sorted. */
  readonly components: readonly string[];
  /** Lowest tier at which it blocks a plant routed to this suggestion. */
  readonly tier: number;
  readonly expectedResumeDate: string | null;
}

/** A restriction to lift or relax: the deliveries it cuts hold the plants. */
export interface SuggestionRestrictionTarget {
  readonly restriction: RootCauseRestriction;
  /** Union over the plants routed to this suggestion, sorted. */
  readonly components: readonly string[];
  /** Lowest tier at which it blocks a plant routed to this suggestion. */
  readonly tier: number;
}

export interface SuggestionPlant {
  readonly id: string;
  /** Whole people, 0 when unknown (see `countedWorkforce`). */
  readonly workforce: number;
  readonly epidemicCritical: boolean;
}

export interface Suggestion {
  /** `requester→addressee` (`?` for a party no agency answers for): stable across runs, unique within one result. */
  readonly key: string;
  /** The widest scope among the routes grouped here. */
  readonly scope: RoutingScope;
  /** The first of `originators`; null when no agency answers for any of the plants' districts. */
  readonly originator: string | null;
  /** District agencies of the plants concerned, sorted. */
  readonly originators: readonly string[];
  /** Null when no agency governs the region the route needs it for, nor any above it. */
  readonly requester: string | null;
  readonly addressee: string | null;
  /** The first region (by code) that needs an agency for the routes grouped here; null when every party is known. */
  readonly unroutableRegion: string | null;
  /** Union of the routes' copied agencies, sorted, without requester and addressee. */
  readonly copied: readonly string[];
  /** Sorted by tier, then enterprise id. */
  readonly targets: readonly SuggestionTarget[];
  /** Logistics root causes routed here, sorted by tier, then restriction id. */
  readonly restrictions: readonly SuggestionRestrictionTarget[];
  /**
   * Every blocked plant that has any of the targets or restrictions as a root
   * cause, sorted by id, including plants routed through another requester:
   * restarting a target (or lifting a restriction) helps all plants waiting
   * on it, whoever asks.
   */
  readonly plants: readonly SuggestionPlant[];
  /** Sum of the plants' workforce. */
  readonly workforce: number;
  /** `suggestionPriority` of the plants and targets. */
  readonly priority: number;
}

/** The blocked-plant list contradicts itself: one id with two different records. */
export class SuggestionInputError extends Error {
  override readonly name = 'SuggestionInputError';
  readonly entityId: string;

  constructor(entityId: string, message: string) {
    super(message);
    this.entityId = entityId;
  }
}

/** Stands for a party no agency answers for, in keys: no agency id is a lone `?`. */
const NO_AGENCY = '?';

interface TargetAccumulator {
  readonly enterprise: RootCauseEnterprise;
  readonly components: Set<string>;
  tier: number;
}

interface GroupAccumulator {
  readonly requester: string | null;
  readonly addressee: string | null;
  readonly unroutable: Set<string>;
  scope: RoutingScope;
  readonly originators: Set<string>;
  readonly copied: Set<string>;
  readonly targets: Map<string, TargetAccumulator>;
  readonly restrictions: Map<string, RestrictionAccumulator>;
}

interface RestrictionAccumulator {
  readonly restriction: RootCauseRestriction;
  readonly components: Set<string>;
  tier: number;
}

/**
 * One suggestion per (requester, addressee), ranked by priority descending,
 * then key. Plants without root causes (inputs with no supplier at all) yield
 * nothing: there is nobody to ask. A logistics root cause is routed as if it
 * were an enterprise in its region and grouped with the enterprises of the
 * same (requester, addressee); it counts in the priority through the plants
 * it blocks (a restriction is never epidemic-critical itself). A route with a party no agency answers for
 * is grouped like the others, that party null. A `RoutingError` from the index
 * (a region not in the tree) propagates.
 */
export function buildSuggestions(input: BuildSuggestionsInput): Suggestion[] {
  const plants = new Map<string, SuggestionPlant & { readonly district: string }>();
  const enterprises = new Map<string, RootCauseEnterprise>();
  const plantsByTarget = new Map<string, Set<string>>();
  const restrictions = new Map<string, RootCauseRestriction>();
  const plantsByRestriction = new Map<string, Set<string>>();
  const groups = new Map<string, GroupAccumulator>();
  const routes = new Map<string, Route>();

  const groupOf = (route: Route): GroupAccumulator => {
    const groupKey = `${route.requester}\u0000${route.addressee}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = {
        requester: route.requester,
        addressee: route.addressee,
        unroutable: new Set(),
        scope: route.scope,
        originators: new Set(),
        copied: new Set(),
        targets: new Map(),
        restrictions: new Map(),
      };
      groups.set(groupKey, group);
    }
    // Mixed scopes in one group arise only through agency fallback; the
    // widest one tells how far apart the plants and suppliers really are.
    group.scope = widerScope(group.scope, route.scope);
    if (route.originator !== null) group.originators.add(route.originator);
    if (route.unroutableRegion !== null) group.unroutable.add(route.unroutableRegion);
    for (const id of route.copied) group.copied.add(id);
    return group;
  };

  for (const plantCauses of input.blocked) {
    const { plant, rootCauses } = plantCauses;
    const seenPlant = plants.get(plant.id);
    const normalizedPlant = {
      id: plant.id,
      district: plant.district,
      workforce: countedWorkforce(plant.workforce),
      epidemicCritical: plant.epidemicCritical,
    };
    if (seenPlant === undefined) {
      plants.set(plant.id, normalizedPlant);
    } else if (!samePlant(seenPlant, normalizedPlant)) {
      throw new SuggestionInputError(plant.id, `plant ${plant.id} is listed twice with different data`);
    }

    for (const cause of rootCauses) {
      const enterprise = cause.enterprise;
      const seenEnterprise = enterprises.get(enterprise.id);
      if (seenEnterprise === undefined) {
        enterprises.set(enterprise.id, {
          id: enterprise.id,
          district: enterprise.district,
          expectedResumeDate: enterprise.expectedResumeDate,
          epidemicCritical: enterprise.epidemicCritical,
        });
      } else if (!sameEnterprise(seenEnterprise, enterprise)) {
        throw new SuggestionInputError(enterprise.id, `root cause ${enterprise.id} is listed twice with different data`);
      }

      let waiting = plantsByTarget.get(enterprise.id);
      if (waiting === undefined) plantsByTarget.set(enterprise.id, (waiting = new Set()));
      waiting.add(plant.id);

      const routeKey = `E\u0000${plant.district}\u0000${enterprise.district}`;
      let route = routes.get(routeKey);
      if (route === undefined) routes.set(routeKey, (route = input.routing.route(plant.district, enterprise.district)));
      const group = groupOf(route);

      const target = group.targets.get(enterprise.id);
      if (target === undefined) {
        group.targets.set(enterprise.id, {
          enterprise: enterprises.get(enterprise.id) ?? enterprise,
          components: new Set(cause.components),
          tier: cause.tier,
        });
      } else {
        for (const c of cause.components) target.components.add(c);
        target.tier = Math.min(target.tier, cause.tier);
      }
    }

    for (const cause of plantCauses.logisticsRootCauses ?? []) {
      const restriction = cause.restriction;
      const seenRestriction = restrictions.get(restriction.id);
      if (seenRestriction === undefined) {
        restrictions.set(restriction.id, { id: restriction.id, region: restriction.region });
      } else if (seenRestriction.region !== restriction.region) {
        throw new SuggestionInputError(restriction.id, `restriction ${restriction.id} is listed twice with different regions`);
      }

      let waiting = plantsByRestriction.get(restriction.id);
      if (waiting === undefined) plantsByRestriction.set(restriction.id, (waiting = new Set()));
      waiting.add(plant.id);

      const routeKey = `R\u0000${plant.district}\u0000${restriction.region}`;
      let route = routes.get(routeKey);
      if (route === undefined) routes.set(routeKey, (route = input.routing.routeToRegion(plant.district, restriction.region)));
      const group = groupOf(route);

      const target = group.restrictions.get(restriction.id);
      if (target === undefined) {
        group.restrictions.set(restriction.id, {
          restriction: restrictions.get(restriction.id) ?? restriction,
          components: new Set(cause.components),
          tier: cause.tier,
        });
      } else {
        for (const c of cause.components) target.components.add(c);
        target.tier = Math.min(target.tier, cause.tier);
      }
    }
  }

  const suggestions: Suggestion[] = [];
  for (const group of groups.values()) {
    const targets: SuggestionTarget[] = [...group.targets.values()]
      .map((t) => ({
        enterprise: t.enterprise,
        components: sortedUnique(t.components),
        tier: t.tier,
        expectedResumeDate: t.enterprise.expectedResumeDate,
      }))
      .sort((a, b) => a.tier - b.tier || compareIds(a.enterprise.id, b.enterprise.id));

    const restrictionTargets: SuggestionRestrictionTarget[] = [...group.restrictions.values()]
      .map((t) => ({ restriction: t.restriction, components: sortedUnique(t.components), tier: t.tier }))
      .sort((a, b) => a.tier - b.tier || compareIds(a.restriction.id, b.restriction.id));

    const plantIds = new Set<string>();
    for (const t of targets) for (const id of plantsByTarget.get(t.enterprise.id) ?? []) plantIds.add(id);
    for (const t of restrictionTargets) for (const id of plantsByRestriction.get(t.restriction.id) ?? []) plantIds.add(id);
    const freed: SuggestionPlant[] = [];
    for (const id of sortedUnique(plantIds)) {
      const p = plants.get(id);
      if (p !== undefined) freed.push({ id: p.id, workforce: p.workforce, epidemicCritical: p.epidemicCritical });
    }

    const originators = sortedUnique(group.originators);
    const { requester, addressee } = group;
    suggestions.push({
      key: `${requester ?? NO_AGENCY}→${addressee ?? NO_AGENCY}`,
      scope: group.scope,
      originator: originators[0] ?? requester,
      originators,
      requester,
      addressee,
      unroutableRegion: sortedUnique(group.unroutable)[0] ?? null,
      copied: sortedUnique(group.copied).filter((id) => id !== requester && id !== addressee),
      targets,
      restrictions: restrictionTargets,
      plants: freed,
      workforce: freed.reduce((sum, p) => sum + p.workforce, 0),
      priority: suggestionPriority({ plants: freed, targets: targets.map((t) => t.enterprise) }),
    });
  }

  return suggestions.sort(
    (a, b) =>
      b.priority - a.priority ||
      compareIds(a.key, b.key) ||
      compareIds(a.requester ?? NO_AGENCY, b.requester ?? NO_AGENCY) ||
      compareIds(a.addressee ?? NO_AGENCY, b.addressee ?? NO_AGENCY),
  );
}

function samePlant(a: SuggestionPlant & { district: string }, b: SuggestionPlant & { district: string }): boolean {
  return a.district === b.district && a.workforce === b.workforce && a.epidemicCritical === b.epidemicCritical;
}

function sameEnterprise(a: RootCauseEnterprise, b: RootCauseEnterprise): boolean {
  return (
    a.district === b.district &&
    a.expectedResumeDate === b.expectedResumeDate &&
    a.epidemicCritical === b.epidemicCritical
  );
}
