/** Loading records that must exist: a dangling id is a NOT_FOUND error, never a silent null. */
import type { GraphQLContext } from '../../server/context.ts';
import { notFound } from '../../server/errors.ts';
import type { ComponentRecord, EnterpriseRecord } from '../enterprises/mappers.ts';
import type { RegionRecord } from '../regions/mappers.ts';

export async function enterpriseOf(ctx: GraphQLContext, id: string, argument?: string): Promise<EnterpriseRecord> {
  const found = await ctx.loaders.enterpriseById.load(id);
  if (!found) throw notFound('enterprise', id, argument);
  return found;
}

export function enterprisesOf(ctx: GraphQLContext, ids: readonly string[]): Promise<EnterpriseRecord[]> {
  return Promise.all(ids.map((id) => enterpriseOf(ctx, id)));
}

export async function componentOf(ctx: GraphQLContext, id: string): Promise<ComponentRecord> {
  const found = await ctx.loaders.componentById.load(id);
  if (!found) throw notFound('component', id);
  return found;
}

export async function regionOf(ctx: GraphQLContext, code: string, argument?: string): Promise<RegionRecord> {
  const found = await ctx.loaders.regionByCode.load(code);
  if (!found) throw notFound('region', code, argument);
  return found;
}
