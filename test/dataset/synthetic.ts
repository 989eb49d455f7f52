/**
 * A large valid document built in memory, for measuring validation at the
 * sizes the format must handle. Every supplier makes what it supplies, so
 * the document yields neither problems nor warnings.
 */
import type { Dataset } from '../../src/dataset/format.ts';

export function syntheticDataset(enterprises: number, supplies: number, components = 2000): Dataset {
  const districts = 500;
  const regions: Dataset['regions'] = [{ code: '510000', name: '四川省', level: 'PROVINCE', parent: null }];
  regions.push({ code: '510100', name: '成都市', level: 'CITY', parent: '510000' });
  for (let d = 0; d < districts; d++) {
    regions.push({ code: String(511000 + d), name: `区${d}`, level: 'DISTRICT', parent: '510100' });
  }
  const entId = (i: number) => `ent-${i}`;
  const cmpId = (i: number) => `cmp-${i}`;
  const ents: NonNullable<Dataset['enterprises']> = new Array(enterprises);
  const makes: NonNullable<Dataset['makes']> = new Array(enterprises);
  for (let i = 0; i < enterprises; i++) {
    const suspended = i % 7 === 0;
    ents[i] = {
      id: entId(i),
      name: `企业${i}`,
      region: String(511000 + (i % districts)),
      industry: '制造业',
      status: suspended ? 'SUSPENDED' : 'OPERATING',
      workforce: i % 500,
      epidemicCritical: i % 11 === 0,
      expectedResumeDate: suspended ? '2020-02-20' : null,
    };
    makes[i] = { enterprise: entId(i), component: cmpId(i % components), capacityPerDay: 100 };
  }
  const comps: NonNullable<Dataset['components']> = [];
  for (let c = 0; c < components; c++) comps.push({ id: cmpId(c), name: `部件${c}`, category: '零部件' });
  const needs: NonNullable<Dataset['needs']> = [];
  // Grouped by customer, as the generator writes them: customer c buys from
  // the enterprises after it, each supplier the one component it makes.
  const sup: NonNullable<Dataset['supplies']> = new Array(supplies);
  for (let k = 0; k < supplies; k++) {
    const customer = Math.floor((k * enterprises) / supplies);
    const supplier = (customer + 1 + (k % 16) * 7919) % enterprises;
    sup[k] = { supplier: entId(supplier), customer: entId(customer), component: cmpId(supplier % components), share: 0.5 };
  }
  for (let i = 0; i < enterprises; i += 2) needs.push({ enterprise: entId(i), component: cmpId((i + 3) % components), stockDays: 5 });
  return { regions, agencies: [{ id: 'agency-chengdu', name: '成都市经济和信息化局', region: '510100' }], enterprises: ents, components: comps, makes, needs, supplies: sup };
}
