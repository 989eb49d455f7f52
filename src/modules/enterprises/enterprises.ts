/**
 * The enterprises module's reads, the one way its resolvers and other
 * modules reach enterprises, components and the edges between them: held
 * records and loaders first (one batch per tick), Cypher for searches.
 */
import type { EnterpriseFilter } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { regionCodeArgument } from '../regions/validation.ts';
import { badUserInput } from '../shared/errors.ts';
import { countedPage, decodeCursor, firstAfter, pageSize, toPage } from '../shared/pagination.ts';
import { allOf, recordOf } from '../shared/records.ts';
import * as cypher from './cypher.ts';
import type { ComponentRecord, EnterpriseConnectionRecord, EnterpriseRecord, MakeRecord, NeedRecord, SupplyRecord } from './mappers.ts';

type Scope = Pick<GraphQLContext, 'known' | 'loaders'>;

/** An enterprise that must exist: NOT_FOUND (naming `argument`) otherwise. */
export function enterpriseOf(ctx: Scope, id: string, argument?: string): EnterpriseRecord | Promise<EnterpriseRecord> {
  return recordOf(ctx.known, ctx.loaders.enterpriseById, 'enterprise', id, argument);
}

export function enterprisesOf(ctx: Scope, ids: readonly string[]): EnterpriseRecord[] | Promise<EnterpriseRecord[]> {
  return allOf(ids.map((id) => enterpriseOf(ctx, id)));
}

export function componentOf(ctx: Scope, id: string): ComponentRecord | Promise<ComponentRecord> {
  return recordOf(ctx.known, ctx.loaders.componentById, 'component', id);
}

export function componentsOf(ctx: Scope, ids: readonly string[]): ComponentRecord[] | Promise<ComponentRecord[]> {
  return allOf(ids.map((id) => componentOf(ctx, id)));
}

/** An enterprise by id, or null. */
/**
 * A page of the given enterprises (ids ascending, as an answer lists them)
 * from the cursor `after`: the affected firms of an impact, whichever
 * change it is the impact of.
 */
export async function enterprisesPageOf(ctx: Scope, ids: readonly string[], first: number | null | undefined, after: string | null | undefined): Promise<EnterpriseConnectionRecord> {
  const size = pageSize(first);
  const cursor = decodeCursor(after);
  const rest = cursor === null ? ids : ids.slice(firstAfter(ids.length, (j) => ids[j]!, cursor));
  const page = toPage(await enterprisesOf(ctx, rest.slice(0, size + 1)), size, (e) => e.id, cursor);
  return { ...page, count: async () => ids.length };
}

export function findEnterprise(ctx: Scope, id: string): EnterpriseRecord | Promise<EnterpriseRecord | null> {
  return ctx.known.find('enterprise', id) ?? ctx.loaders.enterpriseById.load(id);
}

/** A component by id, or null. */
export function findComponent(ctx: Scope, id: string): ComponentRecord | Promise<ComponentRecord | null> {
  return ctx.known.find('component', id) ?? ctx.loaders.componentById.load(id);
}

/** Supplies into the enterprise (its suppliers) or out of it (its customers). */
export function suppliesOf(ctx: Scope, enterpriseId: string, direction: 'in' | 'out'): Promise<SupplyRecord[]> {
  return (direction === 'in' ? ctx.loaders.suppliesInto : ctx.loaders.suppliesFrom).load(enterpriseId);
}

export function needsOf(ctx: Scope, by: 'enterprise' | 'component', id: string): Promise<NeedRecord[]> {
  return (by === 'enterprise' ? ctx.loaders.needsOfEnterprise : ctx.loaders.needsOfComponent).load(id);
}

export function makesOf(ctx: Scope, by: 'enterprise' | 'component', id: string): Promise<MakeRecord[]> {
  return (by === 'enterprise' ? ctx.loaders.makesOfEnterprise : ctx.loaders.makesOfComponent).load(id);
}

/**
 * Longest name search: the longest enterprise name is well under it, and a
 * full-text search's cost grows with its term (a million characters took
 * Neo4j seconds).
 */
export const MAX_NAME_SEARCH = 100;

function nameTerm(value: string, argument: string, unset: string): string {
  const term = value.trim();
  if (term === '') throw badUserInput(argument, `must contain at least one character other than spaces; leave it out to ${unset}`);
  if (term.length > MAX_NAME_SEARCH) throw badUserInput(argument, `at most ${MAX_NAME_SEARCH} characters, got ${term.length}: search for a part of the name`, { max: MAX_NAME_SEARCH });
  return term;
}

function searchOf(filter: EnterpriseFilter | null | undefined): cypher.EnterpriseSearch {
  const search: cypher.EnterpriseSearch = { ...(filter ?? {}) };
  if (search.regionCode != null) search.regionCode = regionCodeArgument(search.regionCode, 'filter.regionCode');
  if (search.nameContains != null) search.nameContains = nameTerm(search.nameContains, 'filter.nameContains', 'match every name');
  return search;
}

/** A page of enterprises in id order, counted only when asked; for `Query.enterprises` and `Region.enterprises`. */
export async function enterprisesPage(
  ctx: GraphQLContext,
  filter: EnterpriseFilter | null | undefined,
  first: number | null | undefined,
  afterCursor: string | null | undefined,
): Promise<EnterpriseConnectionRecord> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const search = searchOf(filter);
  const meta = { operation: 'query.enterprises', requestId: ctx.requestId };
  const rows = await ctx.db.read(meta, (tx) => cypher.searchEnterprises(tx, search, after, size + 1));
  for (const row of rows) ctx.loaders.enterpriseById.prime(row.id, row);
  return countedPage(rows, size, (e) => e.id, after, () => ctx.db.read({ ...meta, operation: 'query.enterprises.count' }, (tx) => cypher.countEnterprises(tx, search)));
}

/** Components whose name contains the term (every component when it is null). */
export function searchComponents(ctx: Pick<GraphQLContext, 'db' | 'requestId'>, nameContains: string | null): Promise<ComponentRecord[]> {
  const term = nameContains == null ? null : nameTerm(nameContains, 'nameContains', 'list every component');
  return ctx.db.read({ operation: 'query.components', requestId: ctx.requestId }, (tx) => cypher.searchComponents(tx, term));
}
