/** The executable schema: every registered module's SDL with its resolvers. */
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { MODULES } from '../modules/registry.ts';

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: MODULES.map((m) => m.typeDefs), resolvers: MODULES.map((m) => m.resolvers) as never });
}
