/**
 * The synthetic geography: 31 provinces with their real GB/T 2260
 * province codes and names, prefecture-level cities in realistic numbers
 * per province, and county-level districts under them.
 *
 * The tree depends on no seed: the same codes mean the same places in
 * every generated dataset, so datasets of different sizes or seeds can
 * be compared region by region.
 */
import { MUNICIPALITY_CODES, type RegionLevel } from './format.ts';
import { Random } from './generate-random.ts';

export interface RegionRecord {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
}

export interface AgencyRecord {
  id: string;
  name: string;
  region: string;
}

export interface District {
  code: string;
  name: string;
  /** Index into Geography.provinces. */
  province: number;
  /** Share of the nation's enterprises located here (all districts sum to 1). */
  weight: number;
}

export interface Province {
  code: string;
  name: string;
  municipality: boolean;
}

export interface Geography {
  /** Depth-first, which is also ascending code order. */
  regions: RegionRecord[];
  agencies: AgencyRecord[];
  provinces: Province[];
  districts: District[];
}

interface ProvinceSpec {
  prefix: number;
  name: string;
  /** Prefecture-level cities, or for a municipality its number of districts. */
  units: number;
  municipality: boolean;
  /** Relative size of the economy (2019 GDP, trillion yuan): where enterprises cluster. */
  economy: number;
}

const PROVINCES: readonly ProvinceSpec[] = [
  { prefix: 11, name: 'Beijing', units: 16, municipality: true, economy: 3.5 },
  { prefix: 12, name: 'Tianjin', units: 16, municipality: true, economy: 1.4 },
  { prefix: 13, name: 'Hebei', units: 11, municipality: false, economy: 3.5 },
  { prefix: 14, name: 'Shanxi', units: 11, municipality: false, economy: 1.7 },
  { prefix: 15, name: 'Inner Mongolia', units: 12, municipality: false, economy: 1.7 },
  { prefix: 21, name: 'Liaoning', units: 14, municipality: false, economy: 2.5 },
  { prefix: 22, name: 'Jilin', units: 9, municipality: false, economy: 1.2 },
  { prefix: 23, name: 'Heilongjiang', units: 13, municipality: false, economy: 1.4 },
  { prefix: 31, name: 'Shanghai', units: 16, municipality: true, economy: 3.8 },
  { prefix: 32, name: 'Jiangsu', units: 13, municipality: false, economy: 9.9 },
  { prefix: 33, name: 'Zhejiang', units: 11, municipality: false, economy: 6.2 },
  { prefix: 34, name: 'Anhui', units: 16, municipality: false, economy: 3.7 },
  { prefix: 35, name: 'Fujian', units: 9, municipality: false, economy: 4.2 },
  { prefix: 36, name: 'Jiangxi', units: 11, municipality: false, economy: 2.5 },
  { prefix: 37, name: 'Shandong', units: 16, municipality: false, economy: 7.1 },
  { prefix: 41, name: 'Henan', units: 17, municipality: false, economy: 5.4 },
  { prefix: 42, name: 'Hubei', units: 17, municipality: false, economy: 4.6 },
  { prefix: 43, name: 'Hunan', units: 14, municipality: false, economy: 4.0 },
  { prefix: 44, name: 'Guangdong', units: 21, municipality: false, economy: 10.8 },
  { prefix: 45, name: 'Guangxi', units: 14, municipality: false, economy: 2.1 },
  { prefix: 46, name: 'Hainan', units: 4, municipality: false, economy: 0.5 },
  { prefix: 50, name: 'Chongqing', units: 38, municipality: true, economy: 2.4 },
  { prefix: 51, name: 'Sichuan', units: 21, municipality: false, economy: 4.7 },
  { prefix: 52, name: 'Guizhou', units: 9, municipality: false, economy: 1.7 },
  { prefix: 53, name: 'Yunnan', units: 16, municipality: false, economy: 2.3 },
  { prefix: 54, name: 'Tibet', units: 7, municipality: false, economy: 0.17 },
  { prefix: 61, name: 'Shaanxi', units: 10, municipality: false, economy: 2.6 },
  { prefix: 62, name: 'Gansu', units: 14, municipality: false, economy: 0.9 },
  { prefix: 63, name: 'Qinghai', units: 8, municipality: false, economy: 0.3 },
  { prefix: 64, name: 'Ningxia', units: 5, municipality: false, economy: 0.4 },
  { prefix: 65, name: 'Xinjiang', units: 14, municipality: false, economy: 1.4 },
];

const SYLLABLES: readonly string[] = [
  'an', 'bai', 'bao', 'chang', 'cheng', 'chun', 'da', 'dong', 'feng', 'fu', 'gao', 'guang', 'gui', 'he',
  'heng', 'hua', 'huai', 'jian', 'jiang', 'jin', 'jing', 'kai', 'lan', 'le', 'li', 'lian', 'lin', 'ling',
  'long', 'lu', 'luo', 'mei', 'ming', 'nan', 'ning', 'ping', 'qian', 'qing', 'quan', 'rong', 'shan',
  'shang', 'shou', 'song', 'tai', 'tian', 'tong', 'wan', 'wei', 'wu', 'xi', 'xia', 'xin', 'xing', 'yan',
  'yang', 'yi', 'yong', 'yuan', 'yun', 'zhang', 'zhao', 'zhen', 'zhong', 'zhou',
];

/** A two-syllable pinyin-like proper name, e.g. "Xinping". */
export function pinyinName(rng: Random): string {
  const first = rng.pick(SYLLABLES);
  let second = rng.pick(SYLLABLES);
  while (second === first) second = rng.pick(SYLLABLES);
  // Pinyin writes an apostrophe before a syllable starting with a vowel (Xi'an).
  const joint = /^[aeo]/.test(second) ? "'" : '';
  return first.charAt(0).toUpperCase() + first.slice(1) + joint + second;
}

function uniqueName(rng: Random, taken: Set<string>): string {
  for (;;) {
    const name = pinyinName(rng);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Share of districts that have no agency of their own and fall back to their city's. */
const DISTRICTS_WITHOUT_AGENCY = 0.1;
const GEOGRAPHY_SEED = 0x2260;

export function buildGeography(): Geography {
  const rng = new Random(GEOGRAPHY_SEED, 0);
  const regions: RegionRecord[] = [];
  const agencies: AgencyRecord[] = [];
  const provinces: Province[] = [];
  const districts: District[] = [];
  const economyTotal = PROVINCES.reduce((sum, p) => sum + p.economy, 0);
  const names = new Set<string>();

  const addDistricts = (provinceIndex: number, parentCode: string, count: number): void => {
    const cityPrefix = parentCode.slice(0, 4);
    const municipal = MUNICIPALITY_CODES.includes(parentCode);
    for (let d = 0; d < count; d++) {
      const code = municipal ? `${parentCode.slice(0, 2)}01${pad2(d + 1)}` : `${cityPrefix}${pad2(d + 1)}`;
      const name = `${uniqueName(rng, names)} ${municipal || rng.chance(0.55) ? 'District' : 'County'}`;
      regions.push({ code, name, level: 'DISTRICT', parent: parentCode });
      if (!rng.chance(DISTRICTS_WITHOUT_AGENCY)) {
        agencies.push({ id: agencyId(code), name: `${name} Economy and Technology Bureau`, region: code });
      }
      // Industry concentrates in a few districts of each province (development zones).
      districts.push({ code, name, province: provinceIndex, weight: rng.pareto(1, 1.1) });
    }
  };

  const provinceRaw: { first: number; economy: number }[] = [];
  for (const spec of PROVINCES) {
    const provinceIndex = provinces.length;
    const code = `${spec.prefix}0000`;
    provinces.push({ code, name: spec.name, municipality: spec.municipality });
    regions.push({ code, name: spec.name, level: 'PROVINCE', parent: null });
    agencies.push({
      id: agencyId(code),
      name: spec.municipality
        ? `${spec.name} Economic and Information Commission`
        : `${spec.name} Department of Industry and Information Technology`,
      region: code,
    });
    const first = districts.length;
    if (spec.municipality) {
      // A municipality is its own city: districts are coded PP01DD directly under PP0000.
      addDistricts(provinceIndex, code, spec.units);
    } else {
      for (let c = 1; c <= spec.units; c++) {
        const cityCode = `${spec.prefix}${pad2(c)}00`;
        const cityName = `${uniqueName(rng, names)} City`;
        regions.push({ code: cityCode, name: cityName, level: 'CITY', parent: code });
        agencies.push({ id: agencyId(cityCode), name: `${cityName} Economic and Information Bureau`, region: cityCode });
        addDistricts(provinceIndex, cityCode, rng.between(3, 13));
      }
    }
    provinceRaw.push({ first, economy: spec.economy });
  }

  // Normalise: each province's districts share its slice of the national economy.
  for (let p = 0; p < provinceRaw.length; p++) {
    const { first, economy } = provinceRaw[p]!;
    const end = p + 1 < provinceRaw.length ? provinceRaw[p + 1]!.first : districts.length;
    let sum = 0;
    for (let d = first; d < end; d++) sum += districts[d]!.weight;
    for (let d = first; d < end; d++) districts[d]!.weight = (districts[d]!.weight / sum) * (economy / economyTotal);
  }

  return { regions, agencies, provinces, districts };
}

export function agencyId(regionCode: string): string {
  return `a${regionCode}`;
}
