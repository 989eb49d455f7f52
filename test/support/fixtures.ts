/**
 * Small datasets in the canonical format, built for one behaviour each.
 * Region codes are real GB/T 2260 codes; enterprises and components are
 * invented and say so in their ids.
 */
export interface FixtureEnterprise {
  id: string;
  name: string;
  region: string;
  industry?: string | null;
  status: 'OPERATING' | 'SUSPENDED' | 'CLOSED';
  workforce?: number | null;
  epidemicCritical?: boolean | null;
  expectedResumeDate?: string | null;
  note?: string | null;
}

export const REGIONS = [
  { code: '510000', name: '四川省', level: 'PROVINCE', parent: null },
  { code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
  { code: '510104', name: '锦江区', level: 'DISTRICT', parent: '510100' },
  { code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' },
  { code: '510700', name: '绵阳市', level: 'CITY', parent: '510000' },
  { code: '510703', name: '涪城区', level: 'DISTRICT', parent: '510700' },
  { code: '120000', name: '天津市', level: 'PROVINCE', parent: null },
  { code: '120116', name: '滨海新区', level: 'DISTRICT', parent: '120000' },
];

export const AGENCIES = [
  { id: 'agency-sichuan', name: '四川省经济和信息化厅', region: '510000' },
  { id: 'agency-chengdu', name: '成都市经济和信息化局', region: '510100' },
  { id: 'agency-qingyang', name: '青羊区新经济和科技局', region: '510105' },
  { id: 'agency-tianjin', name: '天津市工业和信息化局', region: '120000' },
];

/** A dataset with the given enterprises and edges over the fixed regions and agencies. */
/** The day the fixture scenarios are judged on. */
export const TODAY = '2020-02-10';

/** The fixture agencies by the region they govern. */
export const A = {
  sichuan: 'agency-sichuan',
  chengdu: 'agency-chengdu',
  qingyang: 'agency-qingyang',
  tianjin: 'agency-tianjin',
  mianyang: 'agency-mianyang',
} as const;

/** An agency that takes no part in the scenarios, added where a test needs a bystander. */
export const MIANYANG_AGENCY = { id: A.mianyang, name: '绵阳市经济和信息化局', region: '510700' };

export function dataset(parts: {
  enterprises: FixtureEnterprise[];
  components?: { id: string; name: string; category?: string | null }[];
  makes?: { enterprise: string; component: string; capacityPerDay?: number | null }[];
  needs?: { enterprise: string; component: string; stockDays?: number | null }[];
  supplies?: { supplier: string; customer: string; component: string; share?: number | null }[];
}) {
  return {
    regions: REGIONS,
    agencies: AGENCIES,
    enterprises: parts.enterprises,
    components: parts.components ?? [],
    makes: parts.makes ?? [],
    needs: parts.needs ?? [],
    supplies: parts.supplies ?? [],
  };
}

/** `count` operating enterprises in Qingyang, each supplied by one Tianjin supplier of a shared part. */
export function fanIn(count: number) {
  const ids = Array.from({ length: count }, (_, i) => `fx-plant-${String(i).padStart(4, '0')}`);
  return dataset({
    enterprises: [
      { id: 'fx-tj-supplier', name: '滨海精密零件厂', region: '120116', status: 'SUSPENDED', expectedResumeDate: '2020-02-20' },
      { id: 'fx-jj-supplier', name: '锦江紧固件厂', region: '510104', status: 'OPERATING' },
      ...ids.map((id, i) => ({ id, name: `青羊航空配套${i}号厂`, region: '510105', status: 'OPERATING' as const, industry: '航空', workforce: 100 + i })),
    ],
    components: [
      { id: 'fx-part', name: '液压作动筒', category: '航空零部件' },
      { id: 'fx-bolt', name: '高强度螺栓', category: '紧固件' },
    ],
    makes: [
      { enterprise: 'fx-tj-supplier', component: 'fx-part', capacityPerDay: 500 },
      { enterprise: 'fx-jj-supplier', component: 'fx-bolt', capacityPerDay: 10000 },
    ],
    needs: ids.flatMap((id) => [
      { enterprise: id, component: 'fx-part', stockDays: 3 },
      { enterprise: id, component: 'fx-bolt', stockDays: null },
    ]),
    supplies: ids.flatMap((id) => [
      { supplier: 'fx-tj-supplier', customer: id, component: 'fx-part', share: 1 },
      { supplier: 'fx-jj-supplier', customer: id, component: 'fx-bolt', share: 0.5 },
    ]),
  });
}

/** Two operating firms and one component in Qingyang: the least a table beside the supply graph (restrictions, loans, mutual aid) can name. */
export const TWO_FIRMS_IN_QINGYANG = {
  regions: [
    { code: '510000', name: '四川省', level: 'PROVINCE' },
    { code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
    { code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' },
  ],
  enterprises: [
    { id: 'e1', name: '甲厂', region: '510105', status: 'OPERATING' },
    { id: 'e2', name: '乙厂', region: '510105', status: 'OPERATING' },
  ],
  components: [{ id: 'c1', name: '零件' }],
};
