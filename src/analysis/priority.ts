/**
 * Priority of a coordination suggestion: how much getting its targets
 * restarted is worth.
 *
 *     priority = Σ over plants ( workforce × (3 if the plant is epidemic-critical, else 1) )
 *              + 500 × number of plants
 *              + 2000 if any plant or any target is epidemic-critical, else 0
 *
 * - `workforce` counts whole people: a missing, negative or non-finite
 *   workforce counts as 0 and fractions are dropped, so a data gap lowers
 *   a priority instead of poisoning the ranking with NaN.
 * - A plant is counted once by id (repeated entries: highest workforce,
 *   epidemic-critical if any entry is).
 * - Idle people dominate; the per-plant term lets many small plants
 *   outrank one slightly larger plant (each restarted plant also restarts
 *   its own customers); epidemic-prevention chains are tripled and get a
 *   flat bonus, so that a target making thermometer parts is asked for
 *   even when few people wait on it.
 * - Higher is more urgent. The result is an integer and depends only on
 *   the set of plants and targets, never on their order. Equal priorities
 *   are broken by the caller, by id.
 */

export const PRIORITY_WEIGHTS = Object.freeze({
  /** Multiplier on the workforce of an epidemic-critical plant. */
  epidemicWorkforceFactor: 3,
  /** Added once per plant unblocked. */
  perPlant: 500,
  /** Added once when any plant or target is epidemic-critical. */
  epidemicChainBonus: 2000,
});

export const PRIORITY_FORMULA =
  'priority = Σ over plants (workforce × (3 if the plant is epidemic-critical, else 1))' +
  ' + 500 × number of plants' +
  ' + 2000 if any plant or target is epidemic-critical (else 0);' +
  ' workforce counts whole people (missing, negative or non-finite = 0), each plant once by id;' +
  ' higher first, ties broken by id.';

export interface PriorityPlant {
  readonly id: string;
  readonly workforce: number | null;
  readonly epidemicCritical: boolean;
}

export interface PriorityTarget {
  readonly epidemicCritical: boolean;
}

export interface PriorityInput {
  /** The plants the suggestion would unblock. */
  readonly plants: readonly PriorityPlant[];
  /** The enterprises it asks to restart. */
  readonly targets: readonly PriorityTarget[];
}

/** The workforce a plant contributes: whole people, 0 when unknown or invalid. */
export function countedWorkforce(workforce: number | null | undefined): number {
  if (workforce === null || workforce === undefined || !Number.isFinite(workforce) || workforce <= 0) return 0;
  return Math.floor(workforce);
}

export function suggestionPriority(input: PriorityInput): number {
  const plants = new Map<string, { workforce: number; epidemicCritical: boolean }>();
  for (const plant of input.plants) {
    const workforce = countedWorkforce(plant.workforce);
    const seen = plants.get(plant.id);
    plants.set(plant.id, {
      workforce: Math.max(workforce, seen?.workforce ?? 0),
      epidemicCritical: plant.epidemicCritical || (seen?.epidemicCritical ?? false),
    });
  }
  const w = PRIORITY_WEIGHTS;
  let idled = 0;
  let epidemicChain = input.targets.some((t) => t.epidemicCritical);
  for (const plant of plants.values()) {
    idled += plant.workforce * (plant.epidemicCritical ? w.epidemicWorkforceFactor : 1);
    epidemicChain ||= plant.epidemicCritical;
  }
  return idled + w.perPlant * plants.size + (epidemicChain ? w.epidemicChainBonus : 0);
}
