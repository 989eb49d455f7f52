/**
 * Relay cursors over an id order. A cursor is the base64url of the last id
 * seen, so a page is `id > cursor ORDER BY id LIMIT first + 1`: stable under
 * inserts and cheap on the uniqueness index.
 */
import { badUserInput } from './errors.ts';

export const MAX_PAGE = 1000;

export function encodeCursor(id: string): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, argument = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('id:') || encodeCursor(decoded.slice(3)) !== cursor) {
    throw badUserInput(argument, 'is not a cursor from this API; pass the endCursor of the previous page, or leave it out for the first page');
  }
  return decoded.slice(3);
}

export function pageSize(first: number | null | undefined, argument = 'first', max = MAX_PAGE): number {
  const size = first ?? 50;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw badUserInput(argument, `must be between 1 and ${max}, got ${size}`);
  }
  return size;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** A page whose total is counted only when a client asks for it, and then once. */
export type CountedPage<T> = Page<T> & { count: () => Promise<number> };

/** `toPage`, with the total counted by `count` on first demand. */
export function countedPage<T>(rows: T[], first: number, idOf: (row: T) => string, after: string | null, count: () => Promise<number>): CountedPage<T> {
  let counted: Promise<number> | undefined;
  return { ...toPage(rows, first, idOf, after), count: () => (counted ??= count()) };
}

/** Builds a page from `first + 1` rows fetched after the cursor (the extra row only tells that more exist). */
export function toPage<T>(rows: T[], first: number, idOf: (row: T) => string, after: string | null): Page<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(idOf(node)), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

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
