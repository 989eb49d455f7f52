import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PRIORITY_FORMULA,
  PRIORITY_WEIGHTS,
  countedWorkforce,
  suggestionPriority,
  type PriorityPlant,
} from '../../src/analysis/priority.ts';

const plant = (id: string, workforce: number | null, epidemicCritical = false): PriorityPlant => ({
  id,
  workforce,
  epidemicCritical,
});

describe('suggestionPriority', () => {
  it('weighs workforce, plant count and epidemic-critical chains as documented', () => {
    expect(suggestionPriority({ plants: [], targets: [] })).toBe(0);
    expect(suggestionPriority({ plants: [plant('a', 100)], targets: [{ epidemicCritical: false }] })).toBe(100 + 500);
    expect(
      suggestionPriority({ plants: [plant('a', 100, true), plant('b', 40)], targets: [{ epidemicCritical: false }] }),
    ).toBe(300 + 40 + 2 * 500 + 2000);
    // An epidemic-critical target alone earns the bonus, not the tripling.
    expect(suggestionPriority({ plants: [plant('a', 100)], targets: [{ epidemicCritical: true }] })).toBe(100 + 500 + 2000);
  });

  it('counts whole people and treats unknown or invalid workforce as 0', () => {
    expect(countedWorkforce(null)).toBe(0);
    expect(countedWorkforce(undefined)).toBe(0);
    expect(countedWorkforce(-5)).toBe(0);
    expect(countedWorkforce(Number.NaN)).toBe(0);
    expect(countedWorkforce(Number.POSITIVE_INFINITY)).toBe(0);
    expect(countedWorkforce(12.9)).toBe(12);
    expect(suggestionPriority({ plants: [plant('a', null), plant('b', Number.NaN)], targets: [] })).toBe(1000);
  });

  it('counts a plant once', () => {
    expect(
      suggestionPriority({ plants: [plant('a', 100), plant('a', 120, true), plant('a', 80)], targets: [] }),
    ).toBe(360 + 500 + 2000);
  });

  it('is documented with the weights it uses', () => {
    expect(PRIORITY_FORMULA).toContain('500');
    expect(PRIORITY_FORMULA).toContain('2000');
    expect(PRIORITY_FORMULA).toContain('3');
    expect(PRIORITY_WEIGHTS).toEqual({ epidemicWorkforceFactor: 3, perPlant: 500, epidemicChainBonus: 2000 });
    expect(Object.isFrozen(PRIORITY_WEIGHTS)).toBe(true);
  });
});

const plantArb = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  workforce: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
  epidemicCritical: fc.boolean(),
});
const inputArb = fc.record({
  plants: fc.uniqueArray(plantArb, { selector: (p) => p.id }),
  targets: fc.array(fc.record({ epidemicCritical: fc.boolean() })),
});

describe('suggestionPriority properties', { timeout: 30_000 }, () => {
  it('is a non-negative integer independent of order', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const p = suggestionPriority(input);
        expect(Number.isSafeInteger(p) && p >= 0).toBe(true);
        expect(suggestionPriority({ plants: [...input.plants].reverse(), targets: [...input.targets].reverse() })).toBe(p);
      }),
    );
  });

  it('never drops when a plant is added or a flag is raised', () => {
    fc.assert(
      fc.property(inputArb, plantArb, (input, extra) => {
        const base = suggestionPriority(input);
        if (!input.plants.some((p) => p.id === extra.id)) {
          expect(suggestionPriority({ ...input, plants: [...input.plants, extra] })).toBeGreaterThan(base);
        }
        const raised = input.plants.map((p) => ({ ...p, epidemicCritical: true }));
        expect(suggestionPriority({ ...input, plants: raised })).toBeGreaterThanOrEqual(base);
        expect(suggestionPriority({ ...input, targets: [...input.targets, { epidemicCritical: true }] })).toBeGreaterThanOrEqual(base);
      }),
    );
  });
});
