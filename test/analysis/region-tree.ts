/** The region tree the routing and suggestion tests share: Sichuan, Tianjin (a municipality), Jiangsu. */
import type { AgencyInput, RegionInput } from '../../src/analysis/routing.ts';

export const QINGYANG = '510105';
export const JINJIANG = '510104';
export const CHENGDU = '510100';
export const SICHUAN = '510000';
export const MIANYANG = '510700';
export const FUCHENG = '510703'; // no agency of its own
export const TIANJIN = '120000';
export const BINHAI = '120116'; // no agency of its own unless a test adds one
export const HEPING = '120101';
export const JIANGSU = '320000';
export const LIANYUNGANG = '320700';
export const HAIZHOU = '320706';

export const regions: RegionInput[] = [
  { code: SICHUAN, level: 'PROVINCE', parent: null },
  { code: CHENGDU, level: 'CITY', parent: SICHUAN },
  { code: QINGYANG, level: 'DISTRICT', parent: CHENGDU },
  { code: JINJIANG, level: 'DISTRICT', parent: CHENGDU },
  { code: MIANYANG, level: 'CITY', parent: SICHUAN },
  { code: FUCHENG, level: 'DISTRICT', parent: MIANYANG },
  { code: TIANJIN, level: 'PROVINCE', parent: null },
  { code: BINHAI, level: 'DISTRICT', parent: TIANJIN },
  { code: HEPING, level: 'DISTRICT', parent: TIANJIN },
  { code: JIANGSU, level: 'PROVINCE', parent: null },
  { code: LIANYUNGANG, level: 'CITY', parent: JIANGSU },
  { code: HAIZHOU, level: 'DISTRICT', parent: LIANYUNGANG },
];

export const agencies: AgencyInput[] = [
  { id: 'sichuan-econ', region: SICHUAN },
  { id: 'chengdu-econ', region: CHENGDU },
  { id: 'qingyang-nets', region: QINGYANG },
  { id: 'jinjiang-econ', region: JINJIANG },
  { id: 'mianyang-econ', region: MIANYANG },
  { id: 'tianjin-commission', region: TIANJIN },
  { id: 'heping-econ', region: HEPING },
  { id: 'jiangsu-econ', region: JIANGSU },
  { id: 'lianyungang-econ', region: LIANYUNGANG },
  { id: 'haizhou-econ', region: HAIZHOU },
];
