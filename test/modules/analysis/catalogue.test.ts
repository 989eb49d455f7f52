import { describe, expect, it } from 'vitest';
import { AnalysisModel } from '../../../src/modules/analysis/model.ts';
import type { EnterpriseFacts } from '../../../src/analysis/types.ts';

const firm = (id: string, district = '510105', status: EnterpriseFacts['status'] = 'OPERATING'): EnterpriseFacts => ({
  id,
  status,
  expectedResumeDate: null,
  workforce: 10,
  epidemicCritical: false,
  district,
  city: district.slice(0, 4) + '00',
  province: district.slice(0, 2) + '0000',
});

const regions = [
  { code: '510000', name: '四川省', level: 'PROVINCE' as const, parentCode: null },
  { code: '510100', name: '成都市', level: 'CITY' as const, parentCode: '510000' },
  { code: '510105', name: '青羊区', level: 'DISTRICT' as const, parentCode: '510100' },
  { code: '510104', name: '锦江区', level: 'DISTRICT' as const, parentCode: '510100' },
];

// Edges given out of order; b supplies a part nobody needs.
const model = new AnalysisModel(
  {
    enterprises: [firm('c'), firm('a'), firm('b', '510104', 'SUSPENDED')],
    needs: [
      { enterprise: 'c', component: 'p2', stockDays: 4 },
      { enterprise: 'c', component: 'p1', stockDays: null },
    ],
    supplies: [
      { supplier: 'b', customer: 'c', component: 'p2', share: 0.5 },
      { supplier: 'a', customer: 'c', component: 'p2', share: null },
      { supplier: 'b', customer: 'c', component: 'p1', share: 1 },
      { supplier: 'b', customer: 'a', component: 'spare' },
    ],
    makes: [
      { enterprise: 'b', component: 'spare', capacityPerDay: 7 },
      { enterprise: 'a', component: 'p2', capacityPerDay: null },
      { enterprise: 'a', component: 'p1', capacityPerDay: 3 },
    ],
  },
  { epoch: 'e', seq: 0 },
  [
    { id: 'a', name: 'Alpha Works', industry: '航空', note: null },
    { id: 'b', name: '锦江紧固件厂', industry: null, note: null },
    { id: 'c', name: '青羊航空配套厂', industry: '航空', note: 'n' },
  ],
  [
    { id: 'p1', name: '螺栓', category: null },
    { id: 'p2', name: '作动筒', category: '航空' },
    { id: 'spare', name: '备件', category: null },
  ],
  regions,
  [
    { id: 'ag-z', name: '成都', regionCode: '510100' },
    { id: 'ag-a', name: '成都二', regionCode: '510100' },
  ],
);

describe('the read model as the read API shows it', () => {
  it('lists supplies by the other end, then component, every edge with its share, needed or not', () => {
    expect(model.suppliesInto('c')).toEqual([
      { supplierId: 'a', customerId: 'c', componentId: 'p2', share: null },
      { supplierId: 'b', customerId: 'c', componentId: 'p1', share: 1 },
      { supplierId: 'b', customerId: 'c', componentId: 'p2', share: 0.5 },
    ]);
    expect(model.suppliesFrom('b')).toEqual([
      { supplierId: 'b', customerId: 'a', componentId: 'spare', share: null },
      { supplierId: 'b', customerId: 'c', componentId: 'p1', share: 1 },
      { supplierId: 'b', customerId: 'c', componentId: 'p2', share: 0.5 },
    ]);
    expect(model.suppliesInto('a')).toEqual([{ supplierId: 'b', customerId: 'a', componentId: 'spare', share: null }]);
    expect(model.suppliesInto('nobody')).toBeUndefined();
  });

  it('lists needs and makes by component for an enterprise and by enterprise for a component', () => {
    expect(model.needsOfEnterprise('c')?.map((n) => [n.componentId, n.stockDays])).toEqual([
      ['p1', null],
      ['p2', 4],
    ]);
    expect(model.makesOfEnterprise('a')).toEqual([
      { enterpriseId: 'a', componentId: 'p1', capacityPerDay: 3 },
      { enterpriseId: 'a', componentId: 'p2', capacityPerDay: null },
    ]);
    expect(model.makesOfComponent('spare')).toEqual([{ enterpriseId: 'b', componentId: 'spare', capacityPerDay: 7 }]);
    expect(model.needsOfComponent('p2')).toEqual([{ enterpriseId: 'c', componentId: 'p2', stockDays: 4 }]);
    expect(model.needsOfComponent('spare')).toEqual([]);
  });

  it('pages and counts a search in id order, names matched as Neo4j matches them', () => {
    expect(model.searchEnterprises({ regionCode: '510000' }, null, 2).map((e) => e.id)).toEqual(['a', 'b']);
    expect(model.searchEnterprises({ regionCode: '510000' }, 'a', 5).map((e) => e.id)).toEqual(['b', 'c']);
    expect(model.countEnterprises({ regionCode: '510105' })).toBe(2);
    expect(model.searchEnterprises({ industry: '航空' }, null, 5).map((e) => e.id)).toEqual(['a', 'c']);
    expect(model.searchEnterprises({ nameContains: 'alpha w' }, null, 5).map((e) => e.id)).toEqual(['a']);
    expect(model.countEnterprises({ nameContains: '航空配套' })).toBe(1);
    expect(model.countEnterprises({ status: 'SUSPENDED', regionCode: '510105' })).toBe(0);
    expect(model.searchComponents('件').map((c) => c.id)).toEqual(['spare']);
  });

  it('walks the region tree and finds the agency that speaks for a region', () => {
    expect(model.regionChildren('510100')?.map((r) => r.code)).toEqual(['510104', '510105']);
    expect(model.listRegions(null, null).map((r) => r.code)).toEqual(['510000']);
    expect(model.listRegions('DISTRICT', '510100').map((r) => r.code)).toEqual(['510104', '510105']);
    expect(model.regionAgencies('510100')?.map((a) => a.id)).toEqual(['ag-a', 'ag-z']);
    expect(model.governingAgency('510105')).toEqual({ agency: { id: 'ag-a', name: '成都二', regionCode: '510100' } });
    expect(model.governingAgency('510000')).toEqual({ agency: null });
    expect(model.governingAgency('999999')).toBeUndefined();
  });
});
