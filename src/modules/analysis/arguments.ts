import type { GraphQLContext } from '../../server/context.ts';
import type { Subgraph } from './cypher.ts';
import { enterpriseOf } from '../shared/records.ts';

/** The day an answer is for: the argument, or today in Asia/Shanghai. */
export function asOfOf(ctx: GraphQLContext, asOf: string | null | undefined): string {
  return asOf ?? ctx.today();
}

/** The enterprise an analysis is about must exist: NOT_FOUND naming the argument otherwise. */
export async function subjectOf(ctx: GraphQLContext, enterpriseId: string): Promise<void> {
  await enterpriseOf(ctx, enterpriseId, 'enterpriseId');
}

/** A fetched subgraph already holds every record an answer names: hand them to the loaders so resolving them costs no round trip. */
export function primeFromSubgraph(ctx: GraphQLContext, subgraph: Pick<Subgraph, 'enterprises' | 'components'>): void {
  for (const e of subgraph.enterprises) {
    ctx.loaders.enterpriseById.prime(e.id, {
      id: e.id,
      name: e.name,
      industry: e.industry,
      status: e.status,
      workforce: e.workforce,
      epidemicCritical: e.epidemicCritical,
      expectedResumeDate: e.expectedResumeDate,
      note: e.note,
      regionCode: e.district,
    });
  }
  for (const c of subgraph.components) ctx.loaders.componentById.prime(c.id, c);
}
