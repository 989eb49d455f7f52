import { createRequire } from 'node:module';
import type { QueryResolvers } from '../../../../generated/graphql.ts';

const { version } = createRequire(import.meta.url)('../../../../../package.json') as { version: string };

export const about: QueryResolvers['about'] = async (_parent, _args, ctx) => {
  const result = await ctx.db.query<{ id: string }>(
    { operation: 'query.about', requestId: ctx.requestId },
    'MATCH (m:Migration) RETURN m.id AS id ORDER BY m.id',
  );
  return { name: 'Fugong', version, migrations: result.records.map((r) => r.get('id')) };
};
