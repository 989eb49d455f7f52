/**
 * Position of the first id after `after` among `count` ids in ascending
 * order, `idAt` giving the id at a position: an answer in id order pages
 * from a cursor by binary search, since it can list tens of thousands.
 */
export function firstAfter(count: number, idAt: (position: number) => string, after: string): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idAt(mid) > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
