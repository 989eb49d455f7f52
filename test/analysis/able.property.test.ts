import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ableSet, isAble } from '../../src/analysis/able.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { mediumGraphs } from './arbitraries.ts';
import { Reference } from './reference.ts';

const sorted = (ids: Iterable<string>): string[] => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('able set against the reference', () => {
  it('matches the naive fixpoint, with and without stock, under forced statuses', () => {
    fc.assert(
      fc.property(mediumGraphs, fc.boolean(), fc.array(fc.nat(), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }), ({ facts, asOf }, countStock, op, susp) => {
        const g = buildSupplyGraph(facts);
        const ids = g.ids;
        const operating = [...new Set(op.map((i) => ids[i % ids.length]!))];
        const suspendedNoDate = [...new Set(susp.map((i) => ids[i % ids.length]!))].filter((id) => !operating.includes(id));
        const options = { operating, suspendedNoDate, countStock };
        const ref = new Reference(facts);
        expect(ableSet(g, asOf, options)).toEqual(sorted(ref.ableSet(asOf, options)));
      }),
      { numRuns: 120 },
    );
  });

  it('answers one enterprise from its cone alone exactly as the whole able set does', () => {
    fc.assert(
      fc.property(mediumGraphs, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), ({ facts, asOf }, picks) => {
        const g = buildSupplyGraph(facts);
        const all = new Set(ableSet(g, asOf));
        for (const p of picks) {
          const id = g.ids[p % g.size]!;
          // A fresh graph each time, so no earlier solve can have settled the cone.
          expect(isAble(buildSupplyGraph(facts), id, asOf)).toBe(all.has(id));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on record order or repeated records', () => {
    fc.assert(
      fc.property(mediumGraphs, fc.boolean(), ({ facts, asOf }, countStock) => {
        const shuffled = {
          enterprises: [...facts.enterprises].reverse().filter((e, i, all) => all.findIndex((x) => x.id === e.id) === i),
          needs: [...facts.needs, ...facts.needs].reverse(),
          supplies: [...facts.supplies, ...facts.supplies.slice(0, 7)].reverse(),
          makes: [...facts.makes].reverse(),
          restrictions: [...(facts.restrictions ?? [])].reverse(),
          loans: [...(facts.loans ?? [])].reverse(),
        };
        // Keep the first record of each id the same as in the original.
        shuffled.enterprises = shuffled.enterprises.map((e) => facts.enterprises.find((x) => x.id === e.id)!);
        expect(ableSet(buildSupplyGraph(shuffled), asOf, { countStock })).toEqual(ableSet(buildSupplyGraph(facts), asOf, { countStock }));
      }),
      { numRuns: 60 },
    );
  });
});
