/** Restrictions, loans, help requests and offers in the canonical dataset: shape, references and the rules between fields. */
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../src/dataset/validate.ts';
import { TWO_FIRMS_IN_QINGYANG } from '../support/fixtures.ts';

const base = TWO_FIRMS_IN_QINGYANG;

const restriction = (over: Record<string, unknown>) => ({ id: 'r1', supply: null, region: '510105', direction: 'OUTBOUND', from: '2020-02-01', until: '2020-02-12', ...over });
const loan = (over: Record<string, unknown>) => ({
  id: 'l1',
  lender: 'e1',
  borrower: 'e2',
  component: 'c1',
  quantity: 200,
  unit: '件',
  coverDays: 7,
  start: '2020-02-05',
  returnBy: '2020-02-20',
  returnedOn: null,
  ...over,
});

const helpRequest = (over: Record<string, unknown>) => ({ id: 'h1', enterprise: 'e2', component: 'c1', quantity: 10, unit: '件', neededBy: '2020-02-10', ...over });
const helpOffer = (over: Record<string, unknown>) => ({ id: 'o1', enterprise: 'e1', component: 'c1', quantity: 50, unit: '件', until: '2020-02-28', ...over });

function paths(doc: object): string[] {
  const result = validateDataset({ ...base, ...doc });
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('logistics and mutual aid in a dataset', () => {
  it('are normalised beside the graph; absent means none', () => {
    const result = validateDataset({
      ...base,
      restrictions: [restriction({}), { id: 'r2', supply: { supplier: 'e1', customer: 'e2', component: 'c1' }, from: '2020-02-01' }],
      loans: [loan({ returnedOn: undefined })],
      helpRequests: [{ id: 'h1', enterprise: 'e2', component: 'c1', quantity: 10, unit: '件', neededBy: '2020-02-10' }],
      helpOffers: [{ id: 'o1', enterprise: 'e1', component: 'c1', quantity: 50, unit: '件', until: '2020-02-28' }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dataset.restrictions).toEqual([
      { id: 'r1', supply: null, region: '510105', direction: 'OUTBOUND', from: '2020-02-01', until: '2020-02-12', note: null },
      { id: 'r2', supply: { supplier: 'e1', customer: 'e2', component: 'c1' }, region: null, direction: null, from: '2020-02-01', until: null, note: null },
    ]);
    expect(result.dataset.loans[0]!.returnedOn).toBeNull();
    expect(result.dataset.helpRequests[0]!.withdrawnOn).toBeNull();
    expect(result.dataset.helpOffers[0]!.note).toBeNull();
    const none = validateDataset(base);
    expect(none.ok && [none.dataset.restrictions, none.dataset.loans, none.dataset.helpRequests, none.dataset.helpOffers]).toEqual([[], [], [], []]);
  });

  it('a restriction names exactly one of a supply edge or a region with a direction, each problem at its field', () => {
    expect(paths({ restrictions: [restriction({ supply: { supplier: 'e1', customer: 'e2', component: 'c1' } })] })).toEqual([
      'restrictions[0].region: a restriction names either one supply edge or a region with a direction, not both; set supply or region and direction to null',
    ]);
    expect(paths({ restrictions: [restriction({ region: null, direction: null })] })).toEqual([
      'restrictions[0].supply: a restriction needs a supply edge ({supplier, customer, component}), or a region with a direction; set one of them',
    ]);
    expect(paths({ restrictions: [restriction({ direction: null })] })).toEqual([
      'restrictions[0].direction: a restriction on a region needs a direction: INBOUND, OUTBOUND or BOTH',
    ]);
    expect(paths({ restrictions: [restriction({ region: null })] })).toEqual([
      'restrictions[0].region: a restriction with a direction needs the region whose border it closes; set region to its code',
    ]);
  });

  it('reports unknown references, an end not after the start, a bad direction and a repeated id at their paths', () => {
    expect(
      paths({
        restrictions: [
          restriction({ region: '510999' }),
          restriction({ id: 'r2', region: null, direction: null, supply: { supplier: 'e9', customer: 'e2', component: 'c9' } }),
          restriction({ id: 'r3', until: '2020-02-01' }),
          restriction({ id: 'r3', direction: 'SIDEWAYS' }),
        ],
      }),
    ).toEqual([
      'restrictions[0].region: unknown region "510999"; add that region to regions or correct the code',
      'restrictions[1].supply.supplier: unknown enterprise "e9"; add it to enterprises or correct the id',
      'restrictions[1].supply.component: unknown component "c9"; add it to components or correct the id',
      'restrictions[2].until: must come after from (2020-02-01), got "2020-02-01"; a restriction is in force from its first day until the day it ends',
      'restrictions[3].direction: expected one of "INBOUND", "OUTBOUND", "BOTH", got "SIDEWAYS"',
      'restrictions[3].id: duplicate restriction id "r3": restrictions[2] already has it; each must appear once',
    ]);
  });

  it('a loan names known enterprises that differ, and its dates do not run backwards', () => {
    expect(
      paths({
        loans: [loan({ lender: 'e2' }), loan({ id: 'l2', borrower: 'e7', returnBy: '2020-02-01', returnedOn: '2020-02-04' }), loan({ id: 'l3', coverDays: -1 })],
      }),
    ).toEqual([
      'loans[0].borrower: enterprise "e2" cannot lend to itself; lender and borrower must differ',
      'loans[1].borrower: unknown enterprise "e7"; add it to enterprises or correct the id',
      'loans[1].returnBy: must be on or after start (2020-02-05), got "2020-02-01"',
      'loans[1].returnedOn: must be on or after start (2020-02-05), got "2020-02-04"',
      'loans[2].coverDays: expected a whole number ≥ 0, got -1',
    ]);
  });

  it('help requests and offers name known enterprises and components', () => {
    expect(
      paths({
        helpRequests: [{ id: 'h1', enterprise: 'e5', component: 'c1', quantity: 1, unit: '件', neededBy: '2020-02-10' }],
        helpOffers: [{ id: 'o1', enterprise: 'e1', component: 'c5', quantity: 1, unit: '件', until: '2020-02-30' }],
      }),
    ).toEqual([
      'helpRequests[0].enterprise: unknown enterprise "e5"; add it to enterprises or correct the id',
      'helpOffers[0].until: expected a real calendar date written YYYY-MM-DD, such as "2020-02-20", got "2020-02-30"',
      'helpOffers[0].component: unknown component "c5"; add it to components or correct the id',
    ]);
  });

  // What issues each table's ids through the API, the prefix, and a record of the table with the given id.
  const issued: [string, string, string, (id: string) => Record<string, unknown>][] = [
    ['restrictions', 'restrictions imposed through the API', 'RS', (id) => restriction({ id })],
    ['loans', 'loans agreed through the API', 'LN', (id) => loan({ id })],
    ['helpRequests', 'help requests posted through the API', 'HR', (id) => helpRequest({ id })],
    ['helpOffers', 'help offers posted through the API', 'HO', (id) => helpOffer({ id })],
  ];
  for (const [table, what, prefix, record] of issued) {
    it(`${table}: an id starting with ${prefix}- is one the API issues, ${prefix}- and at least six digits; any other is refused at its id`, () => {
      expect(paths({ [table]: [record(`${prefix}-000007`), record(`${prefix}-1234567`), record(`${prefix.toLowerCase()}-7`), record(`${prefix}7`)] })).toEqual([]);
      const malformed = [`${prefix}-7`, `${prefix}-0000007`, `${prefix}-000000`, `${prefix}-00000x`, `${prefix}-`];
      expect(paths({ [table]: malformed.map(record) })).toEqual(
        malformed.map(
          (id, k) =>
            `${table}[${k}].id: "${id}" starts with ${prefix}- like the ids of ${what}, which are ${prefix}- and a number of at least six digits (${prefix}-000042); use that form or an id of your own`,
        ),
      );
    });
  }
});
