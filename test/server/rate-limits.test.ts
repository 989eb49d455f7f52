/** The token buckets behind the rate limits, on a clock the test turns. */
import { describe, expect, it } from 'vitest';
import { RequestBuckets } from '../../src/server/rate-limits.ts';

describe('RequestBuckets', () => {
  it('allows a minute’s allowance at once, then the steady rate, and says when the next request is taken', () => {
    let now = 0;
    const buckets = new RequestBuckets(60, () => now);
    for (let i = 0; i < 60; i++) expect(buckets.take('a')).toBeNull();
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBeNull();
    now += 500;
    expect(buckets.take('a')).toBe(1);
    now += 600;
    expect(buckets.take('a')).toBeNull();
    expect(buckets.take('a')).toBe(1);
    now += 60_000;
    for (let i = 0; i < 60; i++) expect(buckets.take('a')).toBeNull();
    expect(buckets.take('a')).toBe(1);
  });

  it('says how long to wait in whole seconds at a slow rate', () => {
    let now = 0;
    const buckets = new RequestBuckets(2, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([null, null, 30]);
    now += 29_000;
    expect(buckets.take('a')).toBe(1);
    now += 1_000;
    expect(buckets.take('a')).toBeNull();
  });
});
