import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetArrayName } from '../../src/dataset/format.ts';
import { validateDataset, validateDatasetJson, type Problem } from '../../src/dataset/validate.ts';

/**
 * A small valid document: a Qingyang plant needing a part from a suspended
 * Tianjin Binhai supplier, Tianjin being a municipality whose district hangs
 * directly under it.
 */
type Doc = { [K in DatasetArrayName]-?: NonNullable<Dataset[K]> };

function baseDoc(): Doc {
  return {
    regions: [
      { code: '510000', name: '四川省', level: 'PROVINCE', parent: null },
      { code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
      { code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' },
      { code: '120000', name: '天津市', level: 'PROVINCE' },
      { code: '120116', name: '滨海新区', level: 'DISTRICT', parent: '120000' },
    ],
    agencies: [{ id: 'agency-qingyang', name: '成都市青羊区新经济和科技局', region: '510105' }],
    enterprises: [
      { id: 'ent-a', name: '航空企业', region: '510105', status: 'OPERATING', workforce: 300 },
      { id: 'ent-b', name: '元器件厂', region: '120116', status: 'SUSPENDED', expectedResumeDate: '2020-02-20' },
    ],
    components: [{ id: 'cmp-x', name: '航空电连接器' }],
    makes: [{ enterprise: 'ent-b', component: 'cmp-x' }],
    needs: [{ enterprise: 'ent-a', component: 'cmp-x', stockDays: 3 }],
    supplies: [{ supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x', share: 1 }],
  };
}

function problemsOf(doc: unknown): Problem[] {
  const result = validateDataset(doc);
  if (result.ok) throw new Error('expected problems, the document validated');
  return result.problems;
}

function warningsOf(doc: unknown): Problem[] {
  const result = validateDataset(doc);
  if (!result.ok) throw new Error(`expected no problems, got ${JSON.stringify(result.problems)}`);
  return result.warnings;
}

/** The base document with one record of `array` replaced by `record`. */
function withRecord(array: DatasetArrayName, index: number, record: unknown): unknown {
  const doc = baseDoc() as unknown as Record<string, unknown[]>;
  doc[array]![index] = record;
  return doc;
}

describe('a valid document', () => {
  it('validates with no problems and no warnings', () => {
    const result = validateDataset(baseDoc());
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('is normalised: absent optional fields become null, defaults are applied, absent arrays are empty', () => {
    const result = validateDataset({
      regions: [{ code: '510000', name: '四川省', level: 'PROVINCE' }],
      enterprises: [],
    });
    expect(result).toEqual({
      ok: true,
      warnings: [],
      dataset: {
        regions: [{ code: '510000', name: '四川省', level: 'PROVINCE', parent: null }],
        agencies: [],
        enterprises: [],
        components: [],
        makes: [],
        needs: [],
        supplies: [],
        users: [],
        restrictions: [],
        loans: [],
        helpRequests: [],
        helpOffers: [],
        applications: [],
      },
    });
    const base = validateDataset(baseDoc());
    if (!base.ok) throw new Error('base document must validate');
    expect(base.dataset.enterprises[1]).toEqual({
      id: 'ent-b',
      name: '元器件厂',
      region: '120116',
      industry: null,
      status: 'SUSPENDED',
      workforce: 0,
      epidemicCritical: false,
      expectedResumeDate: '2020-02-20',
      note: null,
    });
    expect(base.dataset.makes[0]).toEqual({ enterprise: 'ent-b', component: 'cmp-x', capacityPerDay: null });
    expect(base.dataset.components[0]).toEqual({ id: 'cmp-x', name: '航空电连接器', category: null });
  });

  it('accepts null for every optional field and array, and a $schema reference', () => {
    const doc = {
      $schema: '../schema/dataset.schema.json',
      regions: [{ code: '510000', name: '四川省', level: 'PROVINCE', parent: null }],
      agencies: null,
      enterprises: null,
      components: [{ id: 'c', name: '部件', category: null }],
      makes: null,
      needs: null,
      supplies: null,
    };
    expect(validateDataset(doc).ok).toBe(true);
    const enterprise = {
      id: 'e',
      name: '企业',
      region: '120116',
      industry: null,
      status: 'SUSPENDED',
      workforce: null,
      epidemicCritical: null,
      expectedResumeDate: null,
      note: null,
    };
    const result = validateDataset({ ...baseDoc(), enterprises: [enterprise], makes: [], needs: [], supplies: [] });
    expect(result.ok && result.dataset.enterprises[0]).toMatchObject({ workforce: 0, epidemicCritical: false, industry: null });
  });

  it('accepts 29 February in a leap year', () => {
    const doc = withRecord('enterprises', 1, { id: 'ent-b', name: '元器件厂', region: '120116', status: 'SUSPENDED', expectedResumeDate: '2020-02-29' });
    expect(validateDataset(doc).ok).toBe(true);
  });
});

describe('shape', () => {
  it('reports a document that is not an object', () => {
    expect(problemsOf([])).toEqual([{ path: '$', message: 'expected an object, got an array' }]);
    expect(problemsOf(null)).toEqual([{ path: '$', message: 'expected an object, got null' }]);
  });

  it('reports missing regions', () => {
    expect(problemsOf({})).toEqual([{ path: 'regions', message: 'missing; expected an array' }]);
  });

  it('reports a top-level value that is not an array', () => {
    expect(problemsOf({ ...baseDoc(), needs: {} })).toEqual([{ path: 'needs', message: 'expected an array, got an object' }]);
  });

  it('reports an unknown top-level field', () => {
    const { supplies, ...rest } = baseDoc();
    expect(problemsOf({ ...rest, supply: supplies })).toEqual([
      {
        path: 'supply',
        message: 'unknown field; the allowed fields are $schema, regions, agencies, enterprises, components, makes, needs, supplies, users, applications, restrictions, loans, helpRequests, helpOffers',
      },
    ]);
  });

  it('reports a record that is not an object', () => {
    expect(problemsOf(withRecord('components', 0, 'cmp-x'))).toEqual([
      { path: 'components[0]', message: 'expected an object, got "cmp-x"' },
      // The record cannot be read, so its id is unknown to the edges that use it.
      { path: 'makes[0].component', message: 'unknown component "cmp-x"; add it to components or correct the id' },
      { path: 'needs[0].component', message: 'unknown component "cmp-x"; add it to components or correct the id' },
      { path: 'supplies[0].component', message: 'unknown component "cmp-x"; add it to components or correct the id' },
    ]);
  });

  it('reports a missing required field', () => {
    expect(problemsOf(withRecord('agencies', 0, { id: 'agency-qingyang', region: '510105' }))).toEqual([
      { path: 'agencies[0].name', message: 'missing; expected a string' },
    ]);
  });

  it('reports an empty name or id', () => {
    expect(problemsOf(withRecord('components', 0, { id: 'cmp-x', name: '' }))).toEqual([
      { path: 'components[0].name', message: 'must not be empty' },
    ]);
  });

  it('reports an unknown field, with the allowed ones', () => {
    const doc = withRecord('enterprises', 1, {
      id: 'ent-b',
      name: '元器件厂',
      region: '120116',
      status: 'SUSPENDED',
      expectedResumeData: '2020-02-20',
    });
    expect(problemsOf(doc)).toEqual([
      {
        path: 'enterprises[1].expectedResumeData',
        message:
          'unknown field; the allowed fields are id, name, region, industry, status, workforce, epidemicCritical, expectedResumeDate, note',
      },
    ]);
  });

  it('writes a field name that is not an identifier in brackets', () => {
    expect(problemsOf(withRecord('components', 0, { id: 'cmp-x', name: '部件', 'unit price': 3 }))).toEqual([
      { path: 'components[0]["unit price"]', message: 'unknown field; the allowed fields are id, name, category' },
    ]);
  });

  it('reports an unknown enum value', () => {
    expect(problemsOf(withRecord('enterprises', 0, { id: 'ent-a', name: '航空企业', region: '510105', status: 'RUNNING' }))).toEqual([
      { path: 'enterprises[0].status', message: 'expected one of "OPERATING", "SUSPENDED", "CLOSED", got "RUNNING"' },
    ]);
    expect(problemsOf(withRecord('regions', 2, { code: '510105', name: '青羊区', level: 'COUNTY', parent: '510100' }))).toEqual([
      { path: 'regions[2].level', message: 'expected one of "PROVINCE", "CITY", "DISTRICT", got "COUNTY"' },
    ]);
  });

  it('reports a wrong type', () => {
    const doc = withRecord('enterprises', 0, {
      id: 'ent-a',
      name: '航空企业',
      region: '510105',
      status: 'OPERATING',
      industry: 7,
      epidemicCritical: 'yes',
    });
    expect(problemsOf(doc)).toEqual([
      { path: 'enterprises[0].industry', message: 'expected a string, got 7' },
      { path: 'enterprises[0].epidemicCritical', message: 'expected true or false, got "yes"' },
    ]);
  });

  it('reports a workforce or stockDays that is not a whole number ≥ 0', () => {
    const enterprise = { id: 'ent-a', name: '航空企业', region: '510105', status: 'OPERATING' };
    expect(problemsOf(withRecord('enterprises', 0, { ...enterprise, workforce: -5 }))).toEqual([
      { path: 'enterprises[0].workforce', message: 'expected a whole number ≥ 0, got -5' },
    ]);
    expect(problemsOf(withRecord('enterprises', 0, { ...enterprise, workforce: '300' }))).toEqual([
      { path: 'enterprises[0].workforce', message: 'expected a whole number ≥ 0, got "300"' },
    ]);
    expect(problemsOf(withRecord('needs', 0, { enterprise: 'ent-a', component: 'cmp-x', stockDays: 1.5 }))).toEqual([
      { path: 'needs[0].stockDays', message: 'expected a whole number ≥ 0, got 1.5' },
    ]);
  });

  it('reports a share outside 0..1 and a negative capacity', () => {
    expect(problemsOf(withRecord('supplies', 0, { supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x', share: 1.5 }))).toEqual([
      { path: 'supplies[0].share', message: 'expected a number from 0 to 1, got 1.5' },
    ]);
    expect(problemsOf(withRecord('makes', 0, { enterprise: 'ent-b', component: 'cmp-x', capacityPerDay: -1 }))).toEqual([
      { path: 'makes[0].capacityPerDay', message: 'expected a number ≥ 0, got -1' },
    ]);
  });

  it('reports a date that is not YYYY-MM-DD or does not exist', () => {
    const enterprise = { id: 'ent-b', name: '元器件厂', region: '120116', status: 'SUSPENDED' };
    const expected = (got: string) => ({
      path: 'enterprises[1].expectedResumeDate',
      message: `expected a real calendar date written YYYY-MM-DD, such as "2020-02-20", got ${got}`,
    });
    for (const date of ['2020-02-30', '2021-02-29', '2020-13-01', '2020-2-20', '20 Feb 2020', '2020-02-20T00:00:00Z']) {
      expect(problemsOf(withRecord('enterprises', 1, { ...enterprise, expectedResumeDate: date }))).toEqual([
        expected(JSON.stringify(date)),
      ]);
    }
    expect(problemsOf(withRecord('enterprises', 1, { ...enterprise, expectedResumeDate: 20200220 }))).toEqual([expected('20200220')]);
  });

  it('reports a region code that is not six digits, or not a string', () => {
    expect(problemsOf(withRecord('agencies', 0, { id: 'agency-qingyang', name: '青羊区新经济和科技局', region: '51010' }))).toEqual([
      { path: 'agencies[0].region', message: 'expected a six-digit region code, such as "510105", got "51010"' },
    ]);
    expect(problemsOf(withRecord('agencies', 0, { id: 'agency-qingyang', name: '青羊区新经济和科技局', region: 510105 }))).toEqual([
      { path: 'agencies[0].region', message: 'expected a six-digit region code as a string, such as "510105", got 510105' },
    ]);
  });

  it('checks the rest of a record that has a shape error without repeating it', () => {
    // workforce is wrong and the region unknown: both are reported. The
    // malformed region of the second enterprise is not also "unknown".
    const doc = baseDoc();
    doc.enterprises[0] = { id: 'ent-a', name: '航空企业', region: '510199', status: 'OPERATING', workforce: -1 };
    doc.enterprises[1] = { id: 'ent-b', name: '元器件厂', region: '12011', status: 'SUSPENDED' };
    expect(problemsOf(doc)).toEqual([
      { path: 'enterprises[0].workforce', message: 'expected a whole number ≥ 0, got -1' },
      { path: 'enterprises[0].region', message: 'unknown region "510199"; add that region to regions or correct the code' },
      { path: 'enterprises[1].region', message: 'expected a six-digit region code, such as "510105", got "12011"' },
    ]);
  });
});

describe('keys are unique', () => {
  it('reports a duplicate region code', () => {
    const doc = baseDoc();
    doc.regions.push({ code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' });
    expect(problemsOf(doc)).toEqual([
      { path: 'regions[5].code', message: 'duplicate region code "510105": regions[2] already has it; each must appear once' },
    ]);
  });

  it('reports a duplicate agency, enterprise or component id', () => {
    const doc = baseDoc();
    doc.agencies.push({ id: 'agency-qingyang', name: '另一个局', region: '510100' });
    doc.enterprises.push({ id: 'ent-a', name: '同名企业', region: '510105', status: 'CLOSED' });
    doc.components.push({ id: 'cmp-x', name: '另一个部件' });
    expect(problemsOf(doc)).toEqual([
      { path: 'agencies[1].id', message: 'duplicate agency id "agency-qingyang": agencies[0] already has it; each must appear once' },
      { path: 'enterprises[2].id', message: 'duplicate enterprise id "ent-a": enterprises[0] already has it; each must appear once' },
      { path: 'components[1].id', message: 'duplicate component id "cmp-x": components[0] already has it; each must appear once' },
    ]);
  });

  it('reports a duplicate makes and needs (enterprise, component)', () => {
    const doc = baseDoc();
    doc.makes.push({ enterprise: 'ent-b', component: 'cmp-x', capacityPerDay: 10 });
    doc.needs.push({ enterprise: 'ent-a', component: 'cmp-x' });
    expect(problemsOf(doc)).toEqual([
      {
        path: 'makes[1]',
        message: 'duplicate of makes[0] (enterprise "ent-b", component "cmp-x"); keep one record per enterprise and component',
      },
      {
        path: 'needs[1]',
        message: 'duplicate of needs[0] (enterprise "ent-a", component "cmp-x"); keep one record per enterprise and component',
      },
    ]);
  });

  it('reports a duplicate supplies (supplier, customer, component), naming the first occurrence', () => {
    const doc = baseDoc();
    doc.enterprises.push({ id: 'ent-c', name: '另一客户', region: '510105', status: 'OPERATING' });
    doc.supplies.push({ supplier: 'ent-b', customer: 'ent-c', component: 'cmp-x' });
    doc.supplies.push({ supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x', share: 0.5 });
    doc.supplies.push({ supplier: 'ent-b', customer: 'ent-a', component: 'cmp-x' });
    expect(problemsOf(doc)).toEqual([
      {
        path: 'supplies[2]',
        message:
          'duplicate of supplies[0] (supplier "ent-b", customer "ent-a", component "cmp-x"); keep one record per supplier, customer and component',
      },
      {
        path: 'supplies[3]',
        message:
          'duplicate of supplies[0] (supplier "ent-b", customer "ent-a", component "cmp-x"); keep one record per supplier, customer and component',
      },
    ]);
  });

  it('finds duplicates among edges with unknown references too', () => {
    const doc = baseDoc();
    doc.needs = [
      { enterprise: 'ent-z', component: 'cmp-x' },
      { enterprise: 'ent-z', component: 'cmp-x' },
    ];
    expect(problemsOf(doc)).toEqual([
      { path: 'needs[0].enterprise', message: 'unknown enterprise "ent-z"; add it to enterprises or correct the id' },
      { path: 'needs[1].enterprise', message: 'unknown enterprise "ent-z"; add it to enterprises or correct the id' },
      {
        path: 'needs[1]',
        message: 'duplicate of needs[0] (enterprise "ent-z", component "cmp-x"); keep one record per enterprise and component',
      },
    ]);
  });

  it('finds duplicates in a large group of one supplier and customer', () => {
    const doc = baseDoc();
    doc.components = Array.from({ length: 40 }, (_, i) => ({ id: `cmp-${i}`, name: `部件${i}` }));
    doc.makes = doc.components.map((c) => ({ enterprise: 'ent-b', component: c.id }));
    doc.needs = [];
    doc.supplies = doc.components.map((c) => ({ supplier: 'ent-b', customer: 'ent-a', component: c.id }));
    doc.supplies.push({ supplier: 'ent-b', customer: 'ent-a', component: 'cmp-7' });
    expect(problemsOf(doc)).toEqual([
      {
        path: 'supplies[40]',
        message:
          'duplicate of supplies[7] (supplier "ent-b", customer "ent-a", component "cmp-7"); keep one record per supplier, customer and component',
      },
    ]);
  });
});

describe('references resolve', () => {
  it('reports an unknown parent region', () => {
    expect(problemsOf(withRecord('regions', 2, { code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510199' }))).toEqual([
      { path: 'regions[2].parent', message: 'unknown region "510199"; add that region to regions or correct the code' },
    ]);
  });

  it("reports an unknown agency or enterprise region", () => {
    const doc = baseDoc();
    doc.agencies[0] = { id: 'agency-qingyang', name: '青羊区新经济和科技局', region: '510106' };
    doc.enterprises[0] = { id: 'ent-a', name: '航空企业', region: '510199', status: 'OPERATING' };
    expect(problemsOf(doc)).toEqual([
      { path: 'agencies[0].region', message: 'unknown region "510106"; add that region to regions or correct the code' },
      { path: 'enterprises[0].region', message: 'unknown region "510199"; add that region to regions or correct the code' },
    ]);
  });

  it('reports unknown enterprises and components in makes and needs', () => {
    const doc = baseDoc();
    doc.makes[0] = { enterprise: 'ent-q', component: 'cmp-x' };
    doc.needs[0] = { enterprise: 'ent-a', component: 'cmp-q' };
    expect(problemsOf(doc)).toEqual([
      { path: 'makes[0].enterprise', message: 'unknown enterprise "ent-q"; add it to enterprises or correct the id' },
      { path: 'needs[0].component', message: 'unknown component "cmp-q"; add it to components or correct the id' },
    ]);
  });

  it('reports unknown supplier, customer and component in supplies', () => {
    const doc = baseDoc();
    doc.supplies[0] = { supplier: 'ent-s', customer: 'ent-c', component: 'cmp-y' };
    expect(problemsOf(doc)).toEqual([
      { path: 'supplies[0].supplier', message: 'unknown enterprise "ent-s"; add it to enterprises or correct the id' },
      { path: 'supplies[0].customer', message: 'unknown enterprise "ent-c"; add it to enterprises or correct the id' },
      { path: 'supplies[0].component', message: 'unknown component "cmp-y"; add it to components or correct the id' },
    ]);
  });

  it('resolves references to a parent listed after its children', () => {
    const doc = baseDoc();
    doc.regions.reverse();
    expect(validateDataset(doc).ok).toBe(true);
  });
});

describe('region hierarchy', () => {
  it('reports an enterprise located in a region that is not a DISTRICT', () => {
    expect(problemsOf(withRecord('enterprises', 0, { id: 'ent-a', name: '航空企业', region: '510100', status: 'OPERATING' }))).toEqual([
      {
        path: 'enterprises[0].region',
        message: `"510100" (成都市) is a CITY; an enterprise must be located in a DISTRICT: use its district's code`,
      },
    ]);
  });

  it('reports a PROVINCE with a parent', () => {
    expect(problemsOf(withRecord('regions', 3, { code: '120000', name: '天津市', level: 'PROVINCE', parent: '510000' }))).toEqual([
      { path: 'regions[3].parent', message: 'a PROVINCE has no parent, got "510000"; set parent to null' },
    ]);
  });

  it('reports a CITY or DISTRICT without a parent, absent or null', () => {
    expect(problemsOf(withRecord('regions', 1, { code: '510100', name: '成都市', level: 'CITY' }))).toEqual([
      { path: 'regions[1].parent', message: "a CITY needs a parent (its PROVINCE); set parent to that region's code" },
    ]);
    expect(problemsOf(withRecord('regions', 2, { code: '510105', name: '青羊区', level: 'DISTRICT', parent: null }))).toEqual([
      {
        path: 'regions[2].parent',
        message: "a DISTRICT needs a parent (its CITY, or the PROVINCE of a municipality); set parent to that region's code",
      },
    ]);
  });

  it("reports a CITY whose parent is not a PROVINCE", () => {
    const doc = baseDoc();
    doc.regions.push({ code: '510700', name: '绵阳市', level: 'CITY', parent: '510100' });
    doc.regions.push({ code: '510800', name: '广元市', level: 'CITY', parent: '510105' });
    expect(problemsOf(doc)).toEqual([
      { path: 'regions[5].parent', message: `a CITY's parent must be a PROVINCE, but "510100" (成都市) is a CITY` },
      { path: 'regions[6].parent', message: `a CITY's parent must be a PROVINCE, but "510105" (青羊区) is a DISTRICT` },
    ]);
  });

  it('reports a DISTRICT whose parent is a DISTRICT', () => {
    const doc = baseDoc();
    doc.regions.push({ code: '510104', name: '锦江区', level: 'DISTRICT', parent: '510105' });
    expect(problemsOf(doc)).toEqual([
      {
        path: 'regions[5].parent',
        message: `a DISTRICT's parent must be a CITY or the PROVINCE of a municipality, but "510105" (青羊区) is a DISTRICT`,
      },
    ]);
  });

  it('accepts districts directly under the four municipalities', () => {
    const doc = baseDoc();
    for (const [province, name, district] of [
      ['110000', '北京市', '110105'],
      ['310000', '上海市', '310115'],
      ['500000', '重庆市', '500153'],
    ] as const) {
      doc.regions.push({ code: province, name, level: 'PROVINCE', parent: null });
      doc.regions.push({ code: district, name: `${name}某区`, level: 'DISTRICT', parent: province });
    }
    expect(warningsOf(doc)).toEqual([]);
  });

  it('warns about a DISTRICT directly under a PROVINCE that is not a municipality', () => {
    const doc = baseDoc();
    doc.regions.push({ code: '510199', name: '某区', level: 'DISTRICT', parent: '510000' });
    expect(warningsOf(doc)).toEqual([
      {
        path: 'regions[5].parent',
        message:
          'DISTRICT hangs directly under "510000" (四川省), which is not a municipality (110000, 120000, 310000, 500000), ' +
          'so the province will also act as its city; point parent at its CITY unless the province administers it directly',
      },
    ]);
  });
});

describe('supplies', () => {
  it('reports a supplier supplying itself', () => {
    const doc = baseDoc();
    doc.supplies.push({ supplier: 'ent-b', customer: 'ent-b', component: 'cmp-x' });
    expect(problemsOf(doc)).toEqual([
      { path: 'supplies[1].customer', message: 'enterprise "ent-b" cannot supply itself; supplier and customer must differ' },
    ]);
  });

  it('warns about a supplier that does not make the component', () => {
    const doc = baseDoc();
    doc.makes = [];
    expect(warningsOf(doc)).toEqual([
      {
        path: 'supplies[0].component',
        message: 'supplier "ent-b" does not make component "cmp-x"; add a makes record for it or correct the supplier',
      },
    ]);
  });
});

describe('expected resume dates', () => {
  it('accepts a SUSPENDED enterprise without a date', () => {
    const doc = withRecord('enterprises', 1, { id: 'ent-b', name: '元器件厂', region: '120116', status: 'SUSPENDED' });
    expect(warningsOf(doc)).toEqual([]);
  });

  it('warns about a date on an enterprise that is not SUSPENDED', () => {
    const doc = baseDoc();
    doc.enterprises[0] = { ...doc.enterprises[0]!, expectedResumeDate: '2020-02-04' };
    doc.enterprises.push({ id: 'ent-c', name: '关停企业', region: '510105', status: 'CLOSED', expectedResumeDate: '2020-03-01' });
    expect(warningsOf(doc)).toEqual([
      {
        path: 'enterprises[0].expectedResumeDate',
        message:
          'only a SUSPENDED enterprise has an expected resume date, and this one is OPERATING: the date is ignored; remove it or correct the status',
      },
      {
        path: 'enterprises[2].expectedResumeDate',
        message:
          'only a SUSPENDED enterprise has an expected resume date, and this one is CLOSED: the date is ignored; remove it or correct the status',
      },
    ]);
  });
});

describe('reporting', () => {
  it('reports every problem at once, in document order, with warnings alongside', () => {
    const doc = baseDoc() as unknown as Record<string, unknown[]>;
    doc.regions!.push({ code: '51010', name: '', level: 'CITY', parent: '510000' });
    doc.agencies!.push({ id: 'agency-qingyang', name: '重复', region: '999999' });
    doc.enterprises!.push({ id: 'ent-c', name: '企业', region: '510100', status: 'OPERATING', expectedResumeDate: '2020-02-10' });
    doc.enterprises!.push({ id: 'ent-d', name: '企业', region: '510105', status: 'PAUSED', expectedResumeDate: '2020-02-30' });
    doc.needs!.push({ enterprise: 'ent-x', component: 'cmp-x', stockDays: -1 });
    doc.supplies!.push({ supplier: 'ent-a', customer: 'ent-a', component: 'cmp-x' });
    const result = validateDataset(doc);
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: 'regions[5].code', message: 'expected a six-digit region code, such as "510105", got "51010"' },
        { path: 'regions[5].name', message: 'must not be empty' },
        { path: 'agencies[1].id', message: 'duplicate agency id "agency-qingyang": agencies[0] already has it; each must appear once' },
        { path: 'agencies[1].region', message: 'unknown region "999999"; add that region to regions or correct the code' },
        {
          path: 'enterprises[2].region',
          message: `"510100" (成都市) is a CITY; an enterprise must be located in a DISTRICT: use its district's code`,
        },
        { path: 'enterprises[3].status', message: 'expected one of "OPERATING", "SUSPENDED", "CLOSED", got "PAUSED"' },
        {
          path: 'enterprises[3].expectedResumeDate',
          message: 'expected a real calendar date written YYYY-MM-DD, such as "2020-02-20", got "2020-02-30"',
        },
        { path: 'needs[1].stockDays', message: 'expected a whole number ≥ 0, got -1' },
        { path: 'needs[1].enterprise', message: 'unknown enterprise "ent-x"; add it to enterprises or correct the id' },
        { path: 'supplies[1].customer', message: 'enterprise "ent-a" cannot supply itself; supplier and customer must differ' },
      ],
      warnings: [
        {
          path: 'enterprises[2].expectedResumeDate',
          message:
            'only a SUSPENDED enterprise has an expected resume date, and this one is OPERATING: the date is ignored; remove it or correct the status',
        },
        {
          path: 'supplies[1].component',
          message: 'supplier "ent-a" does not make component "cmp-x"; add a makes record for it or correct the supplier',
        },
      ],
    });
  });

  it('reports text that is not JSON as a problem of the whole document', () => {
    const result = validateDatasetJson('{"regions": [');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([{ path: '$', message: expect.stringMatching(/^not valid JSON: /) }]);
    expect(validateDatasetJson(JSON.stringify(baseDoc())).ok).toBe(true);
  });
});
