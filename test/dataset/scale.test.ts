import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../src/dataset/validate.ts';
import { syntheticDataset } from './synthetic.ts';

describe('validation at full size', () => {
  it('validates 1,000,000 enterprises and 5,000,000 supplies well under a minute', () => {
    const doc = syntheticDataset(1_000_000, 5_000_000);
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const result = validateDataset(doc);
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const wallMs = performance.now() - wall;
    console.info(`validated 1M enterprises / 5M supplies in ${Math.round(wallMs)} ms (${Math.round(cpuMs)} ms CPU)`);
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.dataset.supplies.length).toBe(5_000_000);
    // Typically about 10 s; CPU time rather than wall time, so that a busy machine does not fail the test.
    expect(cpuMs).toBeLessThan(30_000);
  }, 180_000);

  it('reports every problem of a large document with many of them', () => {
    const doc = syntheticDataset(100_000, 500_000);
    const supplies = doc.supplies!;
    for (let k = 0; k < supplies.length; k += 10) supplies[k] = { ...supplies[k]!, customer: `missing-${k}` };
    for (let k = 5; k < supplies.length; k += 10) supplies[k] = { ...supplies[k]!, share: 2 };
    const started = performance.now();
    const result = validateDataset(doc);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.length).toBe(100_000);
    expect(!result.ok && result.problems.slice(0, 2)).toEqual([
      { path: 'supplies[0].customer', message: 'unknown enterprise "missing-0"; add it to enterprises or correct the id' },
      { path: 'supplies[5].share', message: 'expected a number from 0 to 1, got 2' },
    ]);
  }, 60_000);
});
