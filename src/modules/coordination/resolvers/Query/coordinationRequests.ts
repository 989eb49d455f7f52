import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { badUserInput } from '../../../shared/errors.ts';
import { decodeCursor, pageSize, toPage } from '../../../shared/pagination.ts';
import { countRequests, searchRequests, type RequestSearch } from '../../cypher.ts';
import type { CoordinationRequestConnectionRecord } from '../../mappers.ts';
import { seqOfRequestId } from '../../requests.ts';

/** A page of requests in filing order (the id's number); the cursor is the last id seen. */
export const coordinationRequests: QueryResolvers['coordinationRequests'] = async (_parent, args, ctx): Promise<CoordinationRequestConnectionRecord> => {
  const filter = args.filter ?? {};
  if (filter.role != null && filter.agencyId == null) throw badUserInput('filter.role', 'needs filter.agencyId: the role is the part that agency plays');
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const afterSeq = after === null ? null : seqOfRequestId(after);
  if (after !== null && afterSeq === null) throw badUserInput('after', 'is not a cursor of this connection; pass the endCursor of the previous page');
  const search: RequestSearch = {
    agencyId: filter.agencyId ?? null,
    role: filter.role ?? null,
    status: filter.status ?? null,
    overdue: filter.overdue ?? null,
    today: ctx.today(),
  };
  const meta = { operation: 'query.coordinationRequests', requestId: ctx.requestId };
  const rows = await ctx.db.read(meta, (tx) => searchRequests(tx, search, afterSeq, size + 1));
  for (const row of rows) ctx.loaders.requestById.prime(row.id, row);
  let counted: Promise<number> | undefined;
  return {
    ...toPage(rows, size, (r) => r.id, after),
    count: () => (counted ??= ctx.db.read({ ...meta, operation: 'query.coordinationRequests.count' }, (tx) => countRequests(tx, search))),
  };
};
