import type { GraphQLContext } from '../context.ts';
import { enterpriseOf } from '../enterprises/enterprises.ts';

/** The day an answer is for: the argument, or today in Asia/Shanghai. */
export function asOfOf(ctx: GraphQLContext, asOf: string | null | undefined): string {
  return asOf ?? ctx.today();
}

/** The enterprise an analysis is about must exist: NOT_FOUND naming the argument otherwise. */
export async function subjectOf(ctx: GraphQLContext, enterpriseId: string): Promise<void> {
  await enterpriseOf(ctx, enterpriseId, 'enterpriseId');
}
