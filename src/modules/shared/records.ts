/**
 * Loading records that must exist: a dangling id is a NOT_FOUND error, never
 * a silent null. A record the request already holds (a read model checked
 * current for it, or a subgraph a question fetched) comes back as it is,
 * with no promise: an analysis answer names hundreds of records, and a
 * promise and a loader entry for each cost more than building the record.
 * Any other goes through the request's loader, one batch per tick (the
 * loaders consult the same records for resolvers that load directly).
 */
import type { GraphQLContext } from '../../server/context.ts';
import { notFound } from '../../server/errors.ts';
import type { ComponentRecord, EnterpriseRecord } from '../enterprises/mappers.ts';
import type { RegionRecord } from '../regions/mappers.ts';

async function loaded<T>(load: Promise<T | null>, what: string, key: string, argument?: string): Promise<T> {
  const found = await load;
  if (!found) throw notFound(what, key, argument);
  return found;
}

export function enterpriseOf(ctx: GraphQLContext, id: string, argument?: string): EnterpriseRecord | Promise<EnterpriseRecord> {
  return ctx.known.enterprise(id) ?? loaded(ctx.loaders.enterpriseById.load(id), 'enterprise', id, argument);
}

/** A list of records, waiting only when some record had to be loaded. */
function allOf<T>(records: (T | Promise<T>)[]): T[] | Promise<T[]> {
  return records.some((r) => r instanceof Promise) ? Promise.all(records) : (records as T[]);
}

export function enterprisesOf(ctx: GraphQLContext, ids: readonly string[]): EnterpriseRecord[] | Promise<EnterpriseRecord[]> {
  return allOf(ids.map((id) => enterpriseOf(ctx, id)));
}

export function componentOf(ctx: GraphQLContext, id: string): ComponentRecord | Promise<ComponentRecord> {
  return ctx.known.component(id) ?? loaded(ctx.loaders.componentById.load(id), 'component', id);
}

export function componentsOf(ctx: GraphQLContext, ids: readonly string[]): ComponentRecord[] | Promise<ComponentRecord[]> {
  return allOf(ids.map((id) => componentOf(ctx, id)));
}

export function regionOf(ctx: GraphQLContext, code: string, argument?: string): RegionRecord | Promise<RegionRecord> {
  return ctx.known.region(code) ?? loaded(ctx.loaders.regionByCode.load(code), 'region', code, argument);
}
