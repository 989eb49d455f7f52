/** What the service is and which migrations the graph carries. */
import { createRequire } from 'node:module';
import type { GraphQLContext } from '../context.ts';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export async function about(ctx: Pick<GraphQLContext, 'db' | 'requestId'>): Promise<{ name: string; version: string; migrations: string[] }> {
  const result = await ctx.db.query<{ id: string }>({ operation: 'query.about', requestId: ctx.requestId }, 'MATCH (m:Migration) RETURN m.id AS id ORDER BY m.id');
  return { name: 'Fugong', version, migrations: result.records.map((r) => r.get('id')) };
}
