import type { EnterpriseFilter, QueryResolvers } from '../../../../generated/graphql.ts';
import type { GraphQLContext } from '../../../context.ts';
import { badUserInput } from '../../../shared/errors.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { decodeCursor, pageSize, toPage } from '../../../shared/pagination.ts';
import { countEnterprises, searchEnterprises, type EnterpriseSearch } from '../../cypher.ts';
import type { EnterpriseConnectionRecord } from '../../mappers.ts';

function searchOf(filter: EnterpriseFilter | null | undefined): EnterpriseSearch {
  const search: EnterpriseSearch = { ...(filter ?? {}) };
  if (search.regionCode != null) search.regionCode = regionCodeArgument(search.regionCode, 'filter.regionCode');
  if (search.nameContains != null) {
    search.nameContains = search.nameContains.trim();
    if (search.nameContains === '') throw badUserInput('filter.nameContains', 'must contain at least one character other than spaces; leave it out to match every name');
  }
  return search;
}

/** A page of enterprises in id order; shared by `Query.enterprises` and `Region.enterprises`. */
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
  const rows = await ctx.db.read(meta, (tx) => searchEnterprises(tx, search, after, size + 1));
  for (const row of rows) ctx.loaders.enterpriseById.prime(row.id, row);
  let counted: Promise<number> | undefined;
  return {
    ...toPage(rows, size, (e) => e.id, after),
    count: () => (counted ??= ctx.db.read({ ...meta, operation: 'query.enterprises.count' }, (tx) => countEnterprises(tx, search))),
  };
}

export const enterprises: QueryResolvers['enterprises'] = (_parent, args, ctx) => enterprisesPage(ctx, args.filter, args.first, args.after);
