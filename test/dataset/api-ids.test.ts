/**
 * The ids the API issues (src/dataset/api-ids.ts): the id of number n of a
 * kind, the number of an id exactly of that form and of no other, and the
 * number each kind's counter must reach once a dataset is loaded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_ID_PREFIX, apiIdNumber, apiIdOf, type ApiIdKind } from '../../src/dataset/api-ids.ts';
import { validateDataset } from '../../src/dataset/validate.ts';
import { lastApiIdNumbers } from '../../src/dataset/writer.ts';
import { TWO_FIRMS_IN_QINGYANG } from '../support/fixtures.ts';

const KINDS = Object.keys(API_ID_PREFIX) as ApiIdKind[];

describe('the ids the API issues', () => {
  it('are the kind’s prefix and the number in at least six digits', () => {
    expect(KINDS.map((kind) => apiIdOf(kind, 42))).toEqual(['RA-000042', 'RS-000042', 'LN-000042', 'HR-000042', 'HO-000042', 'CR-000042']);
    expect(apiIdOf('Restriction', 1234567)).toBe('RS-1234567');
  });

  it('give back their number, of their own kind only', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.constantFrom(...KINDS), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (kind, other, n) => {
        const id = apiIdOf(kind, n);
        expect(apiIdNumber(kind, id)).toBe(n);
        if (other !== kind) expect(apiIdNumber(other, id)).toBeNull();
      }),
    );
  });

  it('are read only in exactly the form they are issued in', () => {
    for (const id of ['RS-7', 'RS-0000007', 'RS-000000', 'RS-00000x', 'RS-', 'rs-000007', ' RS-000007', 'RS-000007 ', 'RS-+00007', 'RS-99999999999999999']) {
      expect(apiIdNumber('Restriction', id), id).toBeNull();
    }
  });
});

describe('the counters a load moves', () => {
  it('reach the highest number of each kind the dataset carries; own ids and absent tables move none', () => {
    const result = validateDataset({
      ...TWO_FIRMS_IN_QINGYANG,
      restrictions: ['RS-000007', 'RS-000012', 'rs-own'].map((id) => ({ id, region: '510105', direction: 'OUTBOUND', from: '2020-02-01' })),
      loans: ['LN-000003'].map((id) => ({ id, lender: 'e1', borrower: 'e2', component: 'c1', quantity: 1, unit: '件', coverDays: 1, start: '2020-02-05', returnBy: '2020-02-06' })),
      helpRequests: [{ id: 'help-1', enterprise: 'e2', component: 'c1', quantity: 1, unit: '件', neededBy: '2020-02-10' }],
    });
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && lastApiIdNumbers(result.dataset)).toEqual([
      { table: 'restrictions', counter: 'Restriction', last: 12 },
      { table: 'loans', counter: 'Loan', last: 3 },
    ]);
  });
});
