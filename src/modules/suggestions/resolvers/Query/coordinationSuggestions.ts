import { RegionDirectory, RoutingError } from '../../../../analysis/routing.ts';
import { buildSuggestions } from '../../../../analysis/suggestions.ts';
import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { badUserInput, failedPrecondition, notFound } from '../../../shared/errors.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { existingRequests, routingTables } from '../../cypher.ts';

/**
 * Root causes of the not-ready plants, routed per DOMAIN.md and grouped by
 * (requester, addressee). The analysis finds the plants and their root
 * causes (from the read model when it is current); the routing tables and
 * the open requests are read in one transaction; grouping and ranking are pure.
 */
export const coordinationSuggestions: QueryResolvers['coordinationSuggestions'] = async (_parent, args, ctx) => {
  const byPlant = args.enterpriseId != null;
  if (byPlant === (args.regionCode != null)) {
    throw badUserInput(byPlant ? 'regionCode' : 'enterpriseId', 'give exactly one of enterpriseId (one plant) or regionCode (every not-ready plant of the region)');
  }
  const regionCode = args.regionCode == null ? null : regionCodeArgument(args.regionCode, 'regionCode');
  const asOf = args.asOf ?? ctx.today();
  const blocked = await ctx.analysis.blockedWithRootCauses(ctx, byPlant ? { enterpriseId: args.enterpriseId! } : { regionCode: regionCode! }, asOf);
  if (!blocked) throw notFound('enterprise', args.enterpriseId!, 'enterpriseId');
  const { suggestions, existing } = await ctx.db.read({ operation: 'query.coordinationSuggestions', requestId: ctx.requestId }, async (tx) => {
    const tables = await routingTables(tx);
    let suggestions;
    try {
      suggestions = buildSuggestions({ routing: new RegionDirectory(tables.regions, tables.agencies), blocked });
    } catch (error) {
      if (error instanceof RoutingError) {
        throw failedPrecondition(`cannot route a request: ${error.message}; give the region or one of its ancestors an agency`, { region: error.region });
      }
      throw error;
    }
    const existing = await existingRequests(
      tx,
      suggestions.map((s) => ({ key: s.key, addressee: s.addressee, targets: s.targets.map((t) => ({ enterprise: t.enterprise.id, components: t.components })) })),
    );
    return { suggestions, existing };
  });
  return suggestions.map((s) => ({ ...s, existingRequestId: existing.get(s.key) ?? null }));
};
