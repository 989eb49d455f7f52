/** The identity module's reads: the users the graph holds. */
import type { GraphQLContext } from '../context.ts';
import type { UserRecord } from './mappers.ts';

/** A registered user by id, or null (a token may name a user the graph does not hold). */
export function findUser(ctx: Pick<GraphQLContext, 'loaders'>, id: string): Promise<UserRecord | null> {
  return ctx.loaders.userById.load(id);
}
