/**
 * Root causes of the not-ready plants, routed per DOMAIN.md and grouped by
 * (requester, addressee). The analysis finds the plants and their root
 * causes (from the read model when it is current); the routing tables and
 * the open requests are read in one transaction; grouping and ranking are pure.
 */
import { RegionDirectory, RoutingError } from '../../analysis/routing.ts';
import { buildSuggestions } from '../../analysis/suggestions.ts';
import type { GraphQLContext } from '../context.ts';
import { failedPrecondition, notFound } from '../shared/errors.ts';
import { existingRequests, routingTables } from './cypher.ts';
import type { CoordinationSuggestionRecord } from './mappers.ts';

/** One plant's suggestions, or those of every not-ready plant of a region. */
export type SuggestionSubject = { enterpriseId: string } | { regionCode: string };

export async function suggestionsFor(ctx: GraphQLContext, subject: SuggestionSubject, asOf: string): Promise<CoordinationSuggestionRecord[]> {
  const blocked = await ctx.analysis.blockedWithRootCauses(ctx, subject, asOf);
  // Only a plant can be missing: a region with no candidates simply has none.
  if (!blocked) throw notFound('enterprise', 'enterpriseId' in subject ? subject.enterpriseId : '', 'enterpriseId');
  const { suggestions, existing } = await ctx.db.read({ operation: 'query.coordinationSuggestions', requestId: ctx.requestId }, async (tx) => {
    const tables = await routingTables(tx);
    let suggestions;
    try {
      suggestions = buildSuggestions({ routing: new RegionDirectory(tables.regions, tables.agencies), blocked });
    } catch (error) {
      if (error instanceof RoutingError) {
        // A party no agency answers for is a null in the route; what is left is a region tree the routes cannot stand on.
        throw failedPrecondition(`cannot route a request: ${error.message}; correct the region tree`, { region: error.region });
      }
      throw error;
    }
    const existing = await existingRequests(
      tx,
      suggestions.flatMap((s) =>
        s.addressee === null
          ? []
          : [
              {
                key: s.key,
                addressee: s.addressee,
                targets: s.targets.map((t) => ({ enterprise: t.enterprise.id, components: t.components })),
                restrictions: s.restrictions.map((t) => ({ restriction: t.restriction.id, components: t.components })),
              },
            ],
      ),
    );
    return { suggestions, existing };
  });
  return suggestions.map((s) => ({ ...s, existingRequestId: existing.get(s.key) ?? null }));
}
