/**
 * Seeded pseudo-random numbers for the synthetic dataset.
 *
 * sfc32: 128 bits of state, fast in plain 32-bit integer arithmetic and
 * good enough statistically for sampling. Each phase of the generator
 * draws from its own stream (seed, stream id), so a change in how one
 * phase consumes numbers does not shift every later phase.
 */

/** Final mixer of MurmurHash3: spreads small seeds over all 32 bits. */
export function mix32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    const s = mix32((seed >>> 0) ^ mix32(Math.imul(stream + 1, 0x9e3779b9)));
    this.a = mix32(s ^ 0x243f6a88);
    this.b = mix32(s ^ 0x85a308d3);
    this.c = mix32(s ^ 0x13198a2e);
    // The counter word keeps the state away from the all-zero fixed point.
    this.d = 1;
    for (let i = 0; i < 16; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both ends included. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Pareto (type I) with scale xm and tail index alpha: P(X > x) = (xm/x)^alpha. */
  pareto(xm: number, alpha: number): number {
    return xm * Math.pow(1 - this.float(), -1 / alpha);
  }

  /** Lomax (Pareto type II, starts at 0): mean xm / (alpha - 1) for alpha > 1. */
  lomax(xm: number, alpha: number): number {
    return xm * (Math.pow(1 - this.float(), -1 / alpha) - 1);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/**
 * Index of the first cumulative weight greater than target, i.e. a draw
 * from the discrete distribution whose running sums are `cumulative`
 * (restricted to [from, to)).
 */
export function searchCumulative(cumulative: Float64Array, target: number, from = 0, to = cumulative.length): number {
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
