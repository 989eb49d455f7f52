import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MUNICIPALITY_CODES, type NormalisedDataset } from '../../src/dataset/format.ts';
import { SEED_FILE } from '../../src/dataset/seed.ts';
import { validateDatasetJson } from '../../src/dataset/validate.ts';

function loadSeed(): NormalisedDataset {
  const result = validateDatasetJson(readFileSync(SEED_FILE, 'utf8'));
  if (!result.ok) throw new Error(`the seed has problems:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.dataset;
}

const seed = loadSeed();
const regionByCode = new Map(seed.regions.map((r) => [r.code, r]));
const enterpriseById = new Map(seed.enterprises.map((e) => [e.id, e]));

/** The CITY a district belongs to; a municipality acts as its own city. */
function cityOf(district: string): string {
  return regionByCode.get(district)!.parent!;
}

function provinceOf(district: string): string {
  const city = regionByCode.get(cityOf(district))!;
  return city.level === 'PROVINCE' ? city.code : city.parent!;
}

/** The routing scope of DOMAIN.md: how far apart a plant and its root cause are. */
function scopeOf(plant: string, rootCause: string): 'LOCAL' | 'CITY' | 'PROVINCE' | 'NATIONAL' {
  const p = enterpriseById.get(plant)!.region;
  const s = enterpriseById.get(rootCause)!.region;
  if (p === s) return 'LOCAL';
  if (cityOf(p) === cityOf(s)) return 'CITY';
  if (provinceOf(p) === provinceOf(s)) return 'PROVINCE';
  return 'NATIONAL';
}

function suppliersOf(customer: string, component: string): string[] {
  return seed.supplies.filter((s) => s.customer === customer && s.component === component).map((s) => s.supplier);
}

const AVIATION = [
  'ent-qy-aero-precision',
  'ent-qy-aero-parts',
  'ent-qy-aero-airborne',
  'ent-qy-aero-composite',
  'ent-qy-aero-avionics',
  'ent-qy-aero-tooling',
];

describe('seeds/qingyang-2020.json', () => {
  it('validates with no problems and no warnings', () => {
    const result = validateDatasetJson(readFileSync(SEED_FILE, 'utf8'));
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('has the six Qingyang aviation firms, operating and waiting for a part only a suspended Binhai supplier makes', () => {
    for (const id of AVIATION) {
      expect(enterpriseById.get(id)).toMatchObject({ region: '510105', status: 'OPERATING' });
      expect(seed.needs.some((n) => n.enterprise === id && n.component === 'cmp-aero-connector')).toBe(true);
      expect(suppliersOf(id, 'cmp-aero-connector')).toEqual(['ent-tj-binhai-parts']);
      expect(scopeOf(id, 'ent-tj-binhai-parts')).toBe('NATIONAL');
    }
    expect(seed.makes.filter((m) => m.component === 'cmp-aero-connector').map((m) => m.enterprise)).toEqual(['ent-tj-binhai-parts']);
    expect(enterpriseById.get('ent-tj-binhai-parts')).toMatchObject({
      region: '120116',
      status: 'SUSPENDED',
      expectedResumeDate: '2020-02-20',
    });
  });

  it('has the Qingyang thermometer-parts maker, suspended, awaited by a thermometer assembler outside Sichuan with a few days of stock', () => {
    expect(enterpriseById.get('ent-qy-thermo-parts')).toMatchObject({ region: '510105', status: 'SUSPENDED', epidemicCritical: true });
    const customer = enterpriseById.get('ent-sz-thermometer')!;
    expect(provinceOf(customer.region)).not.toBe('510000');
    expect(suppliersOf(customer.id, 'cmp-thermo-parts')).toEqual(['ent-qy-thermo-parts']);
    const need = seed.needs.find((n) => n.enterprise === customer.id && n.component === 'cmp-thermo-parts')!;
    expect(need.stockDays).toBeGreaterThan(0);
    expect(need.stockDays).toBeLessThan(7);
  });

  it('names the firms and agencies of the report', () => {
    const names = new Set(seed.enterprises.map((e) => e.name));
    for (const name of ['江苏斯尔邦石化有限公司', '天津大沽化工', '3L医用制品有限公司', '奇天基因生物科技公司', '重庆安森药业公司', '有米科技']) {
      expect(names).toContain(name);
    }
    expect(seed.agencies).toEqual(
      expect.arrayContaining([
        { id: 'agency-qingyang', name: '成都市青羊区新经济和科技局', region: '510105' },
        { id: 'agency-chengdu', name: '成都市经济和信息化局', region: '510100' },
        { id: 'agency-tianjin', name: '天津市工业和信息化局', region: '120000' },
        { id: 'agency-sichuan', name: '四川省经济和信息化厅', region: '510000' },
      ]),
    );
  });

  it("feeds Sierbang's EVA, butadiene, propylene and ethylene oxide towards mask, suit and glove makers", () => {
    const made = seed.makes.filter((m) => m.enterprise === 'ent-lyg-sierbang').map((m) => m.component);
    expect(made).toEqual(expect.arrayContaining(['cmp-eva', 'cmp-butadiene', 'cmp-propylene', 'cmp-ethylene-oxide']));
    // Everything downstream of Sierbang, at any depth.
    const downstream = new Set<string>();
    const queue = ['ent-lyg-sierbang'];
    while (queue.length > 0) {
      const supplier = queue.pop()!;
      for (const s of seed.supplies) {
        if (s.supplier === supplier && !downstream.has(s.customer)) {
          downstream.add(s.customer);
          queue.push(s.customer);
        }
      }
    }
    const products = seed.makes.filter((m) => downstream.has(m.enterprise)).map((m) => m.component);
    expect(products).toEqual(expect.arrayContaining(['cmp-mask-disposable', 'cmp-mask-n95', 'cmp-protective-suit', 'cmp-nitrile-glove']));
  });

  it('gives every routing scope for some plant and the non-operating supplier it waits for', () => {
    const scopes = new Set(
      seed.supplies
        .filter((s) => enterpriseById.get(s.supplier)!.status !== 'OPERATING')
        .map((s) => scopeOf(s.customer, s.supplier)),
    );
    expect([...scopes].sort()).toEqual(['CITY', 'LOCAL', 'NATIONAL', 'PROVINCE']);
  });

  it('leaves some districts without an agency of their own, among them a plant waiting for a root cause', () => {
    const governed = new Set(seed.agencies.map((a) => a.region));
    expect(governed.has('440306')).toBe(false);
    expect(governed.has(cityOf('440306'))).toBe(true);
    expect(enterpriseById.get('ent-sz-thermometer')!.region).toBe('440306');
  });

  it('hangs municipal districts directly under the municipality', () => {
    for (const region of seed.regions.filter((r) => r.level === 'DISTRICT')) {
      const parent = regionByCode.get(region.parent!)!;
      expect(parent.level === 'CITY' || MUNICIPALITY_CODES.includes(parent.code), region.code).toBe(true);
    }
    expect(regionByCode.get('120116')!.parent).toBe('120000');
    expect(regionByCode.get('500153')!.parent).toBe('500000');
  });

  it('covers every status, dates before and after early February 2020, stock days, a supply cycle and 30–50 firms', () => {
    expect(seed.enterprises.length).toBeGreaterThanOrEqual(30);
    expect(seed.enterprises.length).toBeLessThanOrEqual(50);
    expect(new Set(seed.enterprises.map((e) => e.status))).toEqual(new Set(['OPERATING', 'SUSPENDED', 'CLOSED']));
    const dates = seed.enterprises.flatMap((e) => (e.expectedResumeDate ? [e.expectedResumeDate] : []));
    expect(dates.some((d) => d < '2020-02-04')).toBe(true);
    expect(dates.some((d) => d > '2020-02-09')).toBe(true);
    expect(seed.enterprises.some((e) => e.status === 'SUSPENDED' && e.expectedResumeDate === null)).toBe(true);
    expect(seed.needs.filter((n) => n.stockDays !== null).length).toBeGreaterThan(5);
    expect(seed.enterprises.filter((e) => e.epidemicCritical).length).toBeGreaterThan(5);
    expect(seed.enterprises.every((e) => e.status === 'CLOSED' || e.workforce > 0)).toBe(true);
    const supplies = new Set(seed.supplies.map((s) => `${s.supplier}>${s.customer}`));
    expect(seed.supplies.some((s) => supplies.has(`${s.customer}>${s.supplier}`))).toBe(true);
  });

  it('marks every invented firm as such and says where every real one comes from', () => {
    for (const enterprise of seed.enterprises) {
      expect(enterprise.note, enterprise.id).toMatch(/^(虚构：|据报道：)/);
    }
  });
});
