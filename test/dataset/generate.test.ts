import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASET_ARRAYS, MUNICIPALITY_CODES, type NormalisedDataset } from '../../src/dataset/format.ts';
import { CATEGORIES, INDUSTRIES } from '../../src/dataset/generate-catalogue.ts';
import {
  REFERENCE_DATE,
  RESUME_WINDOW_DAYS,
  componentCount,
  generateDataset,
  generateDatasetText,
  type GenerateSummary,
} from '../../src/dataset/generate.ts';
import { validateDataset } from '../../src/dataset/validate.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const N = 2000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Kahn's algorithm: the nodes left over once every node without incoming edges has been peeled off lie on or behind a cycle. */
function nodesOnOrBehindCycles(nodes: readonly string[], edges: readonly [string, string][]): number {
  const indegree = new Map<string, number>(nodes.map((n) => [n, 0]));
  const out = new Map<string, string[]>();
  for (const [from, to] of edges) {
    indegree.set(to, (indegree.get(to) ?? 0) + 1);
    const list = out.get(from) ?? [];
    list.push(to);
    out.set(from, list);
  }
  const queue = nodes.filter((n) => indegree.get(n) === 0);
  let removed = 0;
  while (queue.length > 0) {
    const node = queue.pop()!;
    removed++;
    for (const next of out.get(node) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  return nodes.length - removed;
}

/** Longest path, in edges, of a DAG given in topological order by `rank` (edges go from lower to higher rank). */
function longestPath(edges: readonly [string, string][], rank: (node: string) => number): number {
  const sorted = [...edges].sort((a, b) => rank(a[0]) - rank(b[0]));
  const depth = new Map<string, number>();
  let longest = 0;
  for (const [from, to] of sorted) {
    const d = (depth.get(from) ?? 0) + 1;
    if (d > (depth.get(to) ?? 0)) depth.set(to, d);
    longest = Math.max(longest, d);
  }
  return longest;
}

describe('generateDataset', () => {
  let text: string;
  let summary: GenerateSummary;
  let data: NormalisedDataset;

  beforeAll(async () => {
    ({ text, summary } = await generateDatasetText({ enterprises: N, seed: 7 }));
    data = JSON.parse(text) as NormalisedDataset;
  });

  it('is reproducible: the same seed gives the same bytes, another seed other bytes', async () => {
    const again = await generateDatasetText({ enterprises: N, seed: 7 });
    expect(sha256(again.text)).toBe(sha256(text));
    expect(again.summary).toEqual(summary);
    const other = await generateDatasetText({ enterprises: N, seed: 8 });
    expect(sha256(other.text)).not.toBe(sha256(text));
  });

  it('writes the arrays in canonical order, one record per line, and counts them', () => {
    expect(Object.keys(data)).toEqual([...DATASET_ARRAYS, 'restrictions', 'loans']);
    expect({ restrictions: summary.restrictions, loans: summary.loans }).toEqual({ restrictions: data.restrictions.length, loans: data.loans.length });
    for (const name of DATASET_ARRAYS) expect(summary.counts[name]).toBe(data[name].length);
    expect(summary.bytes).toBe(Buffer.byteLength(text));
    const lines = text.split('\n');
    const records = DATASET_ARRAYS.reduce((sum, name) => sum + data[name].length, 0) + data.restrictions.length + data.loans.length;
    // One line per record, one per array opening, and the closing line.
    expect(lines.filter((line) => line.startsWith('{"') && !line.endsWith(':['))).toHaveLength(records);
  });

  it('cuts some deliveries and districts around the reference date, and lends stock for needs that have suppliers', () => {
    const edges = new Set(data.supplies.map((e) => `${e.supplier} ${e.customer} ${e.component}`));
    const districts = new Set(data.regions.filter((r) => r.level === 'DISTRICT').map((r) => r.code));
    const bySupply = data.restrictions.filter((r) => r.supply !== null);
    const byDistrict = data.restrictions.filter((r) => r.region !== null);
    expect(bySupply.length).toBeGreaterThanOrEqual(3);
    expect(byDistrict.length).toBeGreaterThanOrEqual(1);
    for (const r of bySupply) expect(edges.has(`${r.supply!.supplier} ${r.supply!.customer} ${r.supply!.component}`)).toBe(true);
    for (const r of byDistrict) expect(districts.has(r.region!)).toBe(true);
    for (const r of data.restrictions) if (r.until !== null) expect(r.until > r.from).toBe(true);
    const needs = new Set(data.supplies.map((e) => `${e.customer} ${e.component}`));
    expect(data.loans.length).toBeGreaterThanOrEqual(2);
    for (const l of data.loans) {
      expect(needs.has(`${l.borrower} ${l.component}`)).toBe(true);
      expect(l.lender).not.toBe(l.borrower);
      if (l.returnedOn !== null) expect(l.returnedOn > l.start).toBe(true);
    }
  });

  it('passes validateDataset with no problems; the only warnings are suppliers that do not make what they deliver', () => {
    const result = validateDataset(data);
    if (!result.ok) expect(result.problems.slice(0, 5)).toEqual([]);
    expect(result.ok).toBe(true);
    for (const warning of result.warnings) expect(warning.message).toMatch(/does not make component/);
    expect(result.warnings).toHaveLength(summary.tradedSupplies);
  });

  it('builds a national region tree: 31 provinces, ~340 cities, ~2,800 districts, municipalities without cities', () => {
    const byLevel = countBy(data.regions, (r) => r.level);
    expect(byLevel.get('PROVINCE')).toBe(31);
    expect(byLevel.get('CITY')).toBeGreaterThanOrEqual(320);
    expect(byLevel.get('CITY')).toBeLessThanOrEqual(360);
    expect(byLevel.get('DISTRICT')).toBeGreaterThanOrEqual(2500);
    expect(byLevel.get('DISTRICT')).toBeLessThanOrEqual(3100);

    const byCode = new Map(data.regions.map((r) => [r.code, r]));
    expect(byCode.size).toBe(data.regions.length);
    for (const region of data.regions) {
      const { code, level, parent } = region;
      if (level === 'PROVINCE') {
        expect(code).toMatch(/^\d\d0000$/);
        expect(parent).toBeNull();
      } else if (level === 'CITY') {
        expect(code).toMatch(/^\d{4}00$/);
        expect(parent).toBe(`${code.slice(0, 2)}0000`);
        expect(MUNICIPALITY_CODES).not.toContain(parent);
      } else {
        expect(code).toMatch(/^\d{6}$/);
        expect(code.endsWith('00')).toBe(false);
        const up = byCode.get(parent!)!;
        expect(up.code.slice(0, 2)).toBe(code.slice(0, 2));
        if (up.level === 'PROVINCE') expect(MUNICIPALITY_CODES).toContain(up.code);
        else expect(up).toMatchObject({ level: 'CITY', code: `${code.slice(0, 4)}00` });
      }
    }
    for (const code of MUNICIPALITY_CODES) {
      expect(byCode.get(code)?.level).toBe('PROVINCE');
      expect(data.regions.some((r) => r.parent === code && r.level === 'DISTRICT')).toBe(true);
    }
  });

  it('gives every province and city an agency and most districts one', () => {
    const governed = countBy(data.agencies, (a) => a.region);
    expect(new Set(data.agencies.map((a) => a.id)).size).toBe(data.agencies.length);
    for (const region of data.regions) {
      if (region.level !== 'DISTRICT') expect(governed.get(region.code)).toBe(1);
    }
    const districts = data.regions.filter((r) => r.level === 'DISTRICT');
    const withAgency = districts.filter((d) => governed.has(d.code)).length / districts.length;
    expect(withAgency).toBeGreaterThan(0.8);
    expect(withAgency).toBeLessThan(0.98);
  });

  it('spreads enterprises over districts with fixed-width ids, realistic statuses and a heavy-tailed workforce', () => {
    const { enterprises } = data;
    expect(enterprises).toHaveLength(N);
    expect(enterprises[0]!.id).toBe('e0000001');
    expect(enterprises[N - 1]!.id).toBe('e0002000');
    const ids = enterprises.map((e) => e.id);
    expect([...ids].sort()).toEqual(ids);

    const districts = new Set(data.regions.filter((r) => r.level === 'DISTRICT').map((r) => r.code));
    for (const e of enterprises) {
      expect(districts.has(e.region)).toBe(true);
      expect(INDUSTRIES).toContain(e.industry);
      expect(Number.isInteger(e.workforce)).toBe(true);
      expect(e.workforce).toBeGreaterThan(0);
      expect(e.note).toBeNull();
    }
    // Skewed: the busiest district holds far more than its even share.
    const perDistrict = [...countBy(enterprises, (e) => e.region).values()].sort((a, b) => b - a);
    expect(perDistrict[0]!).toBeGreaterThan((10 * N) / districts.size);

    const status = countBy(enterprises, (e) => e.status);
    expect(status.get('OPERATING')! / N).toBeGreaterThan(0.86);
    expect(status.get('OPERATING')! / N).toBeLessThan(0.94);
    expect(status.get('SUSPENDED')! / N).toBeGreaterThan(0.05);
    expect(status.get('SUSPENDED')! / N).toBeLessThan(0.11);
    expect(status.get('CLOSED')! / N).toBeGreaterThan(0.005);
    expect(status.get('CLOSED')! / N).toBeLessThan(0.04);

    const reference = Date.parse(REFERENCE_DATE);
    const suspended = enterprises.filter((e) => e.status === 'SUSPENDED');
    const dated = suspended.filter((e) => e.expectedResumeDate !== null);
    expect(dated.length / suspended.length).toBeGreaterThan(0.7);
    expect(dated.length).toBeLessThan(suspended.length);
    for (const e of dated) {
      expect(e.expectedResumeDate).toMatch(/^\d{4}-\d\d-\d\d$/);
      const days = (Date.parse(e.expectedResumeDate!) - reference) / 86_400_000;
      expect(Math.abs(days)).toBeLessThanOrEqual(RESUME_WINDOW_DAYS);
    }
    for (const e of enterprises) if (e.status !== 'SUSPENDED') expect(e.expectedResumeDate).toBeNull();

    const workforce = enterprises.map((e) => e.workforce).sort((a, b) => a - b);
    expect(workforce[N - 1]!).toBeGreaterThan(20 * workforce[N / 2]!);
    const critical = enterprises.filter((e) => e.epidemicCritical).length / N;
    expect(critical).toBeGreaterThan(0.01);
    expect(critical).toBeLessThan(0.25);
  });

  it('arranges components in tiers: each enterprise makes 1-3 of one tier and needs 1-4 of lower tiers', () => {
    expect(data.components).toHaveLength(summary.counts.components);
    expect(summary.counts.components).toBeGreaterThanOrEqual(componentCount(N));
    const tierOfCategory = new Map(CATEGORIES.map((c) => [c.name, c.tier]));
    const tier = new Map(data.components.map((c) => [c.id, tierOfCategory.get(c.category!)!]));
    expect(new Set(tier.values()).size).toBe(summary.tiers);
    expect(summary.tiers).toBeGreaterThanOrEqual(6);

    const made = new Map<string, number[]>();
    for (const m of data.makes) {
      made.set(m.enterprise, [...(made.get(m.enterprise) ?? []), tier.get(m.component)!]);
      expect(m.capacityPerDay).toBeGreaterThan(0);
    }
    const enterpriseTier = new Map<string, number>();
    for (const e of data.enterprises) {
      const tiers = made.get(e.id) ?? [];
      expect(tiers.length).toBeGreaterThanOrEqual(1);
      expect(tiers.length).toBeLessThanOrEqual(3);
      expect(new Set(tiers).size).toBe(1);
      enterpriseTier.set(e.id, tiers[0]!);
    }
    expect(new Set(enterpriseTier.values()).size).toBeGreaterThanOrEqual(6);

    const upward = data.needs.filter((n) => tier.get(n.component)! >= enterpriseTier.get(n.enterprise)!);
    // The only needs of a tier at or above the enterprise's own are the ones that close supply cycles.
    expect(upward).toHaveLength(summary.backEdges);
    const regular = countBy(
      data.needs.filter((n) => !upward.includes(n)),
      (n) => n.enterprise,
    );
    for (const e of data.enterprises) {
      const count = regular.get(e.id) ?? 0;
      if (enterpriseTier.get(e.id) === 0) expect(count).toBe(0);
      else expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(4);
    }
    const withStock = data.needs.filter((n) => n.stockDays !== null);
    expect(withStock.length / data.needs.length).toBeGreaterThan(0.15);
    for (const n of withStock) expect(Number.isInteger(n.stockDays)).toBe(true);
  });

  it('supplies about five suppliers per enterprise, preferring makers in the same province and popular suppliers', () => {
    const { supplies } = data;
    const perEnterprise = supplies.length / N;
    expect(perEnterprise).toBeGreaterThan(4);
    expect(perEnterprise).toBeLessThan(6);

    const makes = new Set(data.makes.map((m) => `${m.enterprise} ${m.component}`));
    const needs = new Set(data.needs.map((n) => `${n.enterprise} ${n.component}`));
    const triples = new Set<string>();
    let nonMakers = 0;
    for (const s of supplies) {
      expect(s.supplier).not.toBe(s.customer);
      expect(needs.has(`${s.customer} ${s.component}`)).toBe(true);
      if (!makes.has(`${s.supplier} ${s.component}`)) nonMakers++;
      triples.add(`${s.supplier} ${s.customer} ${s.component}`);
      if (s.share !== null) {
        expect(s.share).toBeGreaterThanOrEqual(0);
        expect(s.share).toBeLessThanOrEqual(1);
      }
    }
    expect(triples.size).toBe(supplies.length);
    expect(nonMakers).toBe(summary.tradedSupplies);
    expect(nonMakers / supplies.length).toBeLessThan(0.01);

    const supplied = new Set(supplies.map((s) => `${s.customer} ${s.component}`));
    const unsupplied = data.needs.filter((n) => !supplied.has(`${n.enterprise} ${n.component}`)).length;
    expect(unsupplied).toBe(summary.unsuppliedNeeds);
    expect(unsupplied / data.needs.length).toBeLessThan(0.02);

    const province = new Map(data.enterprises.map((e) => [e.id, e.region.slice(0, 2)]));
    const sameProvince = supplies.filter((s) => province.get(s.supplier) === province.get(s.customer)).length;
    // Chance level: how often two enterprises drawn at random share a province.
    const chance = [...countBy(data.enterprises, (e) => e.region.slice(0, 2)).values()].reduce((sum, k) => sum + (k / N) ** 2, 0);
    expect(sameProvince / supplies.length).toBeGreaterThan(Math.max(0.25, 3 * chance));

    const outDegree = [...countBy(supplies, (s) => s.supplier).values()].sort((a, b) => b - a);
    const inDegree = [...countBy(supplies, (s) => s.customer).values()].sort((a, b) => b - a);
    const mean = supplies.length / outDegree.length;
    expect(outDegree[0]!).toBeGreaterThan(8 * mean);
    expect(inDegree[0]!).toBeGreaterThan(5 * (supplies.length / inDegree.length));
  });

  it('contains supply cycles, and supply chains six tiers deep once the cycle-closing edges are set aside', () => {
    const ids = data.enterprises.map((e) => e.id);
    const edges = data.supplies.map((s): [string, string] => [s.supplier, s.customer]);
    expect(summary.backEdges).toBeGreaterThanOrEqual(3);
    expect(nodesOnOrBehindCycles(ids, edges)).toBeGreaterThan(0);

    const tierOfCategory = new Map(CATEGORIES.map((c) => [c.name, c.tier]));
    const componentTier = new Map(data.components.map((c) => [c.id, tierOfCategory.get(c.category!)!]));
    const tier = new Map<string, number>();
    for (const m of data.makes) tier.set(m.enterprise, componentTier.get(m.component)!);
    const forward = edges.filter(([s, c]) => tier.get(s)! < tier.get(c)!);
    expect(nodesOnOrBehindCycles(ids, forward)).toBe(0);
    // Six tiers of enterprises: five supply edges from raw material to finished good.
    expect(longestPath(forward, (node) => tier.get(node)!)).toBeGreaterThanOrEqual(5);
  });

  it('streams through a slow sink with backpressure and writes the same bytes', async () => {
    const parts: string[] = [];
    let waits = 0;
    const sink = new Writable({
      highWaterMark: 1024,
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        parts.push(chunk);
        waits++;
        setImmediate(callback);
      },
    });
    const streamed = await generateDataset({ enterprises: N, seed: 7 }, sink);
    expect(streamed).toEqual(summary);
    expect(waits).toBeGreaterThan(1);
    expect(parts.join('')).toBe(text);
  });

  it('rejects sizes and seeds outside the supported range', async () => {
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    await expect(generateDataset({ enterprises: 0 }, sink)).rejects.toThrow(/enterprises/);
    await expect(generateDataset({ enterprises: 1.5 }, sink)).rejects.toThrow(/enterprises/);
    await expect(generateDataset({ enterprises: 10, seed: -1 }, sink)).rejects.toThrow(/seed/);
  });

  it('handles tiny networks', async () => {
    for (const enterprises of [1, 2, 17]) {
      const { text: tiny } = await generateDatasetText({ enterprises, seed: 3 });
      const result = validateDataset(JSON.parse(tiny));
      expect(result.ok).toBe(true);
    }
  });
});

describe('npm run generate', () => {
  const cli = join(ROOT, 'src/cli/generate.ts');
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('writes DIR/dataset.json, identical to the library output, with a summary on stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fugong-generate-'));
    try {
      const result = run(['--enterprises', '300', '--seed=5', '--out', dir]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/supplies\s+[\d,]+/);
      const written = await readFile(join(dir, 'dataset.json'), 'utf8');
      const { text } = await generateDatasetText({ enterprises: 300, seed: 5 });
      expect(written).toBe(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--seed', '3'], '--enterprises is required'],
    [['--enterprises', 'many'], '--enterprises must be a whole number'],
    [['--enterprises', '0'], '--enterprises must be from 1'],
    [['--enterprises', '10', '--seed', '-4'], '--seed must be a whole number'],
    [['--enterprises', '10', '--seed', 'x1'], '--seed must be a whole number'],
    [['--enterprises', '10', '--out'], '--out needs a value'],
    [['--enterprises', '10', '--colour', 'red'], 'unknown flag --colour'],
  ])('exits with 2 and names the flag for %j', (args, message) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
