/**
 * Runs a read shaped from a selection (graph-read.ts) as one statement and
 * hands its records to the request: the levels below the root then resolve
 * from them, with no round trip of their own.
 */
import type { GraphQLContext } from '../context.ts';
import { FetchedGraph, ShapedCypher } from './graph-read.ts';

export async function shapedRead<T>(
  ctx: Pick<GraphQLContext, 'db' | 'requestId' | 'known'>,
  operation: string,
  statement: (q: ShapedCypher) => string,
  answer: (rows: Record<string, unknown>[], fetched: FetchedGraph) => T,
): Promise<T> {
  const q = new ShapedCypher();
  const cypher = statement(q);
  const result = await ctx.db.query({ operation, requestId: ctx.requestId }, cypher, q.params);
  const fetched = new FetchedGraph();
  const value = answer(
    result.records.map((r) => r.toObject() as Record<string, unknown>),
    fetched,
  );
  ctx.known.add(fetched.source);
  return value;
}
