/** The executable schema: the SDL files in schema/ with each module's resolvers. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from '../generated/graphql.ts';
import { analysisResolvers } from '../modules/analysis/index.ts';
import { baseResolvers } from '../modules/base/index.ts';
import { suggestionResolvers } from '../modules/suggestions/index.ts';
import { coordinationResolvers } from '../modules/coordination/index.ts';
import { datasetResolvers } from '../modules/datasets/index.ts';
import { enterpriseResolvers } from '../modules/enterprises/index.ts';
import { identityResolvers } from '../modules/identity/index.ts';
import { regionResolvers } from '../modules/regions/index.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(SCHEMA_DIR, file), 'utf8'));
}

export const MODULE_RESOLVERS: Resolvers[] = [baseResolvers, regionResolvers, enterpriseResolvers, datasetResolvers, analysisResolvers, identityResolvers, coordinationResolvers, suggestionResolvers];

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readTypeDefs(), resolvers: MODULE_RESOLVERS as never });
}
