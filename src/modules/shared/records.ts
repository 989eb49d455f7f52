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

/**
 * Records the request already holds are taken as they are; only the others go
 * through the loader, in one batch. A readiness answer can name thousands of
 * alternatives, and a promise and a loader entry for each cost more than the
 * record itself.
 */
export async function enterprisesOf(ctx: GraphQLContext, ids: readonly string[]): Promise<EnterpriseRecord[]> {
  const records: EnterpriseRecord[] = new Array<EnterpriseRecord>(ids.length);
  const missing: number[] = [];
  ids.forEach((id, i) => {
    const known = ctx.known.enterprise(id);
    if (known) records[i] = known;
    else missing.push(i);
  });
  if (missing.length > 0) {
    const loaded = await Promise.all(missing.map((i) => enterpriseOf(ctx, ids[i]!)));
    missing.forEach((i, k) => (records[i] = loaded[k]!));
  }
  return records;
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
