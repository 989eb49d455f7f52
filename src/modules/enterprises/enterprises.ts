/**
 * The enterprises module's reads, the one way its resolvers and other
 * modules reach enterprises, components and the edges between them. A root
 * read (an enterprise, a component, a page or search of them) reads the
 * whole selection below it at once: from the analysis read model after its
 * freshness check, where the model is current, or else in one statement
 * shaped from the selection (shared/graph-read.ts). The levels below then
 * find their records held by the request; anything else (a record named by
 * another module's answer) goes through the loaders, one batch per tick.
 */
import type { GraphQLResolveInfo } from 'graphql';
import neo4j from 'neo4j-driver';
import type { EnterpriseFilter } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { regionCodeArgument } from '../regions/validation.ts';
import { badUserInput } from '../shared/errors.ts';
import { countedPage, decodeCursor, firstAfter, pageSize, toPage } from '../shared/pagination.ts';
import { countSelected, pageKey, planOf } from '../shared/graph-read.ts';
import { allOf, recordOf } from '../shared/records.ts';
import { shapedRead } from '../shared/shaped-read.ts';
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

/**
 * An enterprise by id, or null, with what the selection under it links to:
 * from the read model after its check when it is current, or in one
 * statement shaped from the selection.
 */
export async function findEnterprise(ctx: GraphQLContext, id: string, selection: GraphQLResolveInfo): Promise<EnterpriseRecord | null> {
  const whole = await ctx.analysis.wholeGraph(ctx);
  if (whole) return whole.enterprise(id) ?? null;
  return shapedRead(
    ctx,
    'query.enterprise',
    (q) => `MATCH (root:Enterprise {id: ${q.param(id)}}) WHERE EXISTS { (root)-[:LOCATED_IN]->(:Region) } RETURN ${q.enterprise('root', planOf(selection, 'Enterprise'))} AS row`,
    (rows, fetched) => (rows[0] ? fetched.enterprise(rows[0].row as Record<string, unknown>) : null),
  );
}

/** A component by id, or null, the same way. */
export async function findComponent(ctx: GraphQLContext, id: string, selection: GraphQLResolveInfo): Promise<ComponentRecord | null> {
  const whole = await ctx.analysis.wholeGraph(ctx);
  if (whole) return whole.component(id) ?? null;
  return shapedRead(
    ctx,
    'query.component',
    (q) => `MATCH (root:Component {id: ${q.param(id)}}) RETURN ${q.component('root', planOf(selection, 'Component'))} AS row`,
    (rows, fetched) => (rows[0] ? fetched.component(rows[0].row as Record<string, unknown>) : null),
  );
}

/** Supplies into the enterprise (its suppliers) or out of it (its customers): held by the request, or loaded. */
export function suppliesOf(ctx: Scope, enterpriseId: string, direction: 'in' | 'out'): SupplyRecord[] | Promise<SupplyRecord[]> {
  return direction === 'in'
    ? (ctx.known.find('suppliesInto', enterpriseId) ?? ctx.loaders.suppliesInto.load(enterpriseId))
    : (ctx.known.find('suppliesFrom', enterpriseId) ?? ctx.loaders.suppliesFrom.load(enterpriseId));
}

export function needsOf(ctx: Scope, by: 'enterprise' | 'component', id: string): NeedRecord[] | Promise<NeedRecord[]> {
  return by === 'enterprise'
    ? (ctx.known.find('needsOfEnterprise', id) ?? ctx.loaders.needsOfEnterprise.load(id))
    : (ctx.known.find('needsOfComponent', id) ?? ctx.loaders.needsOfComponent.load(id));
}

export function makesOf(ctx: Scope, by: 'enterprise' | 'component', id: string): MakeRecord[] | Promise<MakeRecord[]> {
  return by === 'enterprise'
    ? (ctx.known.find('makesOfEnterprise', id) ?? ctx.loaders.makesOfEnterprise.load(id))
    : (ctx.known.find('makesOfComponent', id) ?? ctx.loaders.makesOfComponent.load(id));
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

/**
 * A page of enterprises in id order, counted only when asked; for
 * `Query.enterprises` and `Region.enterprises` (`selection`: the field's).
 * From the read model after its check when it is current; else from the
 * page a shaped read above already fetched (a region's, nested in a
 * selection), or in one statement shaped from this one.
 */
export async function enterprisesPage(
  ctx: GraphQLContext,
  filter: EnterpriseFilter | null | undefined,
  first: number | null | undefined,
  afterCursor: string | null | undefined,
  selection: GraphQLResolveInfo,
): Promise<EnterpriseConnectionRecord> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const search = searchOf(filter);
  const page = (rows: EnterpriseRecord[], count: () => number | Promise<number>) => countedPage(rows, size, (e) => e.id, after, async () => count());
  const whole = await ctx.analysis.wholeGraph(ctx);
  if (whole) return page(whole.searchEnterprises(search, after, size + 1), () => whole.countEnterprises(search));
  const regionOnly = search.regionCode != null && Object.values({ ...search, regionCode: null }).every((v) => v == null);
  const held = regionOnly ? ctx.known.find('enterprisePage', pageKey(search.regionCode!, after, size + 1)) : undefined;
  const heldCount = regionOnly ? ctx.known.find('enterpriseCount', search.regionCode!) : undefined;
  if (held && (heldCount || !countSelected(selection))) return page(held, () => heldCount?.count ?? 0);
  const counted = countSelected(selection);
  const clause = cypher.searchClause(search);
  const { rows, total } = await shapedRead(
    ctx,
    'query.enterprises',
    (q) => {
      Object.assign(q.params, clause.params);
      const [from, limit] = [q.param(after), q.param(neo4j.int(size + 1))];
      const node = q.enterprise('e', planOf(selection, 'EnterpriseConnection'));
      return `CALL () { ${clause.cypher} WITH e, d WHERE ${from} IS NULL OR e.id > ${from} WITH e ORDER BY e.id LIMIT ${limit} RETURN collect(${node}) AS rows }
        ${counted ? `CALL () { ${clause.cypher} RETURN count(e) AS total }` : ''}
        RETURN rows, ${counted ? 'total' : 'null AS total'}`;
    },
    ([row], fetched) => ({ rows: ((row?.rows ?? []) as Record<string, unknown>[]).map((e) => fetched.enterprise(e)), total: (row?.total ?? null) as number | null }),
  );
  const meta = { operation: 'query.enterprises.count', requestId: ctx.requestId };
  return page(rows, () => total ?? ctx.db.query<{ n: number }>(meta, `${clause.cypher} RETURN count(e) AS n`, clause.params).then((r) => r.records[0]?.get('n') ?? 0));
}

/** Components whose name contains the term (every component when it is null), the same two ways. */
export async function searchComponents(ctx: GraphQLContext, nameContains: string | null, selection: GraphQLResolveInfo): Promise<ComponentRecord[]> {
  const term = nameContains == null ? null : nameTerm(nameContains, 'nameContains', 'list every component');
  const whole = await ctx.analysis.wholeGraph(ctx);
  if (whole) return whole.searchComponents(term);
  const clause = cypher.componentSearchClause(term);
  return shapedRead(
    ctx,
    'query.components',
    (q) => {
      Object.assign(q.params, clause.params);
      return `CALL () { ${clause.cypher} WITH c ORDER BY c.id RETURN collect(${q.component('c', planOf(selection, 'Component'))}) AS rows } RETURN rows`;
    },
    ([row], fetched) => ((row?.rows ?? []) as Record<string, unknown>[]).map((c) => fetched.component(c)),
  );
}
