/** The identity module's reads: the users the graph holds. */
import type { Database } from '../../neo4j/database.ts';
import { allUsers } from './cypher.ts';
import type { GraphQLContext } from '../context.ts';
import type { UserRecord } from './mappers.ts';

/** A registered user by id, or null (a token may name a user the graph does not hold). */
export function findUser(ctx: Pick<GraphQLContext, 'loaders'>, id: string): Promise<UserRecord | null> {
  return ctx.loaders.userById.load(id);
}

/** The users the graph holds, for the development sign-in's list. */
export function listUsers(db: Database) {
  return allUsers(db.single({ operation: 'users.all' }));
}
