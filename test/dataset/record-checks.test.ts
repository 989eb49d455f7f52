import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FAST_CHECKS, isIsoDate } from '../../src/dataset/record-checks.ts';
import { DATASET_ARRAYS, DatasetSchema, NORMALISE_RECORD, RECORD_SCHEMAS, type DatasetArrayName } from '../../src/dataset/format.ts';
import { parseWithProblems, type Problem } from '../../src/dataset/problems.ts';
import { validateDataset } from '../../src/dataset/validate.ts';

/** Values near every field's boundaries, valid and not. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, '', 'x', 'ent-a', '510105', '51010', '5101050', '５１０１０５', '2020-02-29', '2021-02-29', '2020-02-30', '51010/', '51010:', '2020/02/20', '2020-02-2:'),
  fc.constantFrom('PROVINCE', 'CITY', 'DISTRICT', 'OPERATING', 'SUSPENDED', 'CLOSED', 'operating', 'COUNTY'),
  fc.constantFrom(0, -0, 1, 0.5, 1.5, -1, 3, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, true, false, [], {}),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  fc.stringMatching(/^\d{5,7}$/),
  fc.double(),
  fc.integer({ min: -5, max: 100 }),
  fc.string({ maxLength: 8 }),
);

/** A record with the array's fields, some missing, some wrong, now and then an extra key. */
function recordOf(name: DatasetArrayName): fc.Arbitrary<unknown> {
  const fields = Object.keys(RECORD_SCHEMAS[name].shape);
  const validish = fc.record(
    Object.fromEntries(fields.map((f) => [f, anyValue])),
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 8, arbitrary: validish },
    { weight: 1, arbitrary: fc.tuple(validish, fc.constantFrom('extra', '__proto__', 'Name')).map(([r, k]) => ({ ...r, [k]: 1 })) },
    { weight: 1, arbitrary: anyValue },
  );
}

/** Records that are valid more often than random ones are, so both branches get exercised. */
function likelyValid(name: DatasetArrayName): fc.Arbitrary<unknown> {
  const good: Record<DatasetArrayName, Record<string, fc.Arbitrary<unknown>>> = {
    regions: { code: fc.constant('510105'), name: fc.constant('青羊区'), level: fc.constantFrom('CITY', 'DISTRICT'), parent: fc.constantFrom('510100', null, undefined) },
    agencies: { id: fc.constant('a'), name: fc.constant('局'), region: fc.constant('510105') },
    enterprises: {
      id: fc.constant('e'),
      name: fc.constant('企业'),
      region: fc.constant('510105'),
      industry: fc.constantFrom('航空', null, undefined),
      status: fc.constantFrom('OPERATING', 'SUSPENDED', 'CLOSED'),
      workforce: fc.constantFrom(0, 12, null, undefined),
      epidemicCritical: fc.constantFrom(true, false, null, undefined),
      expectedResumeDate: fc.constantFrom('2020-02-20', null, undefined),
      note: fc.constantFrom('虚构', null, undefined),
    },
    components: { id: fc.constant('c'), name: fc.constant('部件'), category: fc.constantFrom('x', null, undefined) },
    makes: { enterprise: fc.constant('e'), component: fc.constant('c'), capacityPerDay: fc.constantFrom(0, 1.5, null, undefined) },
    needs: { enterprise: fc.constant('e'), component: fc.constant('c'), stockDays: fc.constantFrom(0, 3, null, undefined) },
    supplies: {
      supplier: fc.constant('s'),
      customer: fc.constant('e'),
      component: fc.constant('c'),
      share: fc.constantFrom(0, 1, 0.25, null, undefined),
    },
  };
  // Each field is replaced by an arbitrary value one time in six.
  const fields = Object.fromEntries(
    Object.entries(good[name]).map(([f, arb]) => [f, fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: anyValue })]),
  );
  return fc.record(fields, { requiredKeys: [] }).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
}

describe('the fast record checks agree with the zod schemas', () => {
  for (const name of DATASET_ARRAYS) {
    it(`accepts exactly what the ${name} schema accepts, with the same normalised record`, () => {
      const schema = RECORD_SCHEMAS[name] as z.ZodType;
      const normalise = NORMALISE_RECORD[name] as (record: unknown) => unknown;
      let accepted = 0;
      fc.assert(
        fc.property(fc.oneof(recordOf(name), likelyValid(name)), (value) => {
          const fast = FAST_CHECKS[name](value);
          const parsed = schema.safeParse(value);
          expect(fast !== undefined).toBe(parsed.success);
          if (parsed.success) {
            accepted++;
            expect(fast).toEqual(normalise(parsed.data));
          }
        }),
        { numRuns: 3000 },
      );
      expect(accepted).toBeGreaterThan(100);
    });
  }
});

describe('isIsoDate', () => {
  const zodDate = z.iso.date();

  it('agrees with zod on every day-of-month spelling across leap and common years', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    for (const year of [0, 4, 100, 1900, 1996, 2000, 2019, 2020, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(isIsoDate(text), text).toBe(zodDate.safeParse(text).success);
        }
      }
    }
  });

  it('agrees with zod on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^\d{4}-\d\d-\d\d\s?$/)), (text) => {
        expect(isIsoDate(text)).toBe(zodDate.safeParse(text).success);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('validateDataset and DatasetSchema', () => {
  it('report the same shape problems for a whole document', () => {
    const doc = {
      regions: [{ code: 510000, name: '四川省', level: 'PROVINCE' }, 'x'],
      agencies: [{ id: '', name: '局', region: '510000', extra: true }],
      enterprises: [{ id: 'e', name: '企业', region: '510000', status: 'OPEN', workforce: 1.5, expectedResumeDate: '2020-02-30' }],
      components: {},
      makes: [{ enterprise: 'e' }],
      unknown: [],
    };
    const viaZod = parseWithProblems(DatasetSchema, doc);
    if (viaZod.success) throw new Error('expected problems from zod');
    const result = validateDataset(doc);
    if (result.ok) throw new Error('expected problems');
    // validateDataset adds cross-record problems and orders by record; the shape ones must be the same.
    const crossRecord = (p: Problem) => /^unknown (region|enterprise|component) /.test(p.message) || p.message.includes('is a PROVINCE');
    const key = (p: Problem) => `${p.path}: ${p.message}`;
    expect(result.problems.filter((p) => !crossRecord(p)).map(key).sort()).toEqual(viaZod.problems.map(key).sort());
    expect(viaZod.problems.length).toBeGreaterThan(8);
  });
});
