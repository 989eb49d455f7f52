import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { badUserInput } from '../../../shared/errors.ts';
import { searchComponents } from '../../cypher.ts';

export const components: QueryResolvers['components'] = (_parent, args, ctx) => {
  const term = args.nameContains == null ? null : args.nameContains.trim();
  if (term === '') throw badUserInput('nameContains', 'must contain at least one character other than spaces; leave it out to list every component');
  return ctx.db.read({ operation: 'query.components', requestId: ctx.requestId }, (tx) => searchComponents(tx, term));
};
