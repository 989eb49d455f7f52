import { buildSupplyGraph, evaluateRegionReadiness, restartReadiness } from '../../../../analysis/index.ts';
import { RegionDirectory, RoutingError } from '../../../../analysis/routing.ts';
import { buildSuggestions, type BlockedPlantInput } from '../../../../analysis/suggestions.ts';
import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { badUserInput, notFound } from '../../../../server/errors.ts';
import { fetchSubgraph, regionEnterpriseIds } from '../../../analysis/cypher.ts';
import { asOfOf } from '../../../analysis/arguments.ts';
import { subgraphRecords } from '../../../analysis/records.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { existingRequests, routingTables } from '../../cypher.ts';
import { GraphQLError } from 'graphql';

/**
 * Root causes of the not-ready plants, routed per DOMAIN.md and grouped by
 * (requester, addressee). Plants, their cones and the routing tables are
 * read in one transaction; the grouping and ranking are pure.
 */
export const coordinationSuggestions: QueryResolvers['coordinationSuggestions'] = async (_parent, args, ctx) => {
  const byPlant = args.enterpriseId != null;
  if (byPlant === (args.regionCode != null)) {
    throw badUserInput(byPlant ? 'regionCode' : 'enterpriseId', 'give exactly one of enterpriseId (one plant) or regionCode (every not-ready plant of the region)');
  }
  const regionCode = args.regionCode == null ? null : regionCodeArgument(args.regionCode, 'regionCode');
  const asOf = asOfOf(ctx, args.asOf);
  const { suggestions, existing } = await ctx.db.read({ operation: 'query.coordinationSuggestions', requestId: ctx.requestId }, async (tx) => {
    const plants = byPlant ? [args.enterpriseId!] : (await regionEnterpriseIds(tx, regionCode!)).filter((e) => !(e.status === 'OPERATING' && e.able0)).map((e) => e.id);
    const facts = await fetchSubgraph(tx, plants);
    const graph = buildSupplyGraph(facts);
    if (byPlant && graph.indexOf(args.enterpriseId!) === undefined) throw notFound('enterprise', args.enterpriseId!, 'enterpriseId');
    const info = new Map(facts.enterprises.map((e) => [e.id, e]));
    const blocked: BlockedPlantInput[] = evaluateRegionReadiness(graph, plants, asOf).map(({ plant }) => {
      const p = info.get(plant)!;
      return {
        plant: { id: p.id, district: p.district, workforce: p.workforce, epidemicCritical: p.epidemicCritical },
        rootCauses: restartReadiness(graph, plant, asOf).rootCauses.map((r) => {
          const s = info.get(r.enterprise)!;
          return { enterprise: { id: s.id, district: s.district, expectedResumeDate: s.expectedResumeDate, epidemicCritical: s.epidemicCritical }, components: r.components, tier: r.tier };
        }),
      };
    });
    const tables = await routingTables(tx);
    let suggestions;
    try {
      suggestions = buildSuggestions({ routing: new RegionDirectory(tables.regions, tables.agencies), blocked });
    } catch (error) {
      if (error instanceof RoutingError) {
        throw new GraphQLError(`cannot route a request: ${error.message}; give the region or one of its ancestors an agency`, { extensions: { code: 'FAILED_PRECONDITION', region: error.region } });
      }
      throw error;
    }
    const existing = await existingRequests(
      tx,
      suggestions.map((s) => ({ key: s.key, addressee: s.addressee, targets: s.targets.map((t) => ({ enterprise: t.enterprise.id, components: t.components })) })),
    );
    ctx.known.add(subgraphRecords(facts));
    return { suggestions, existing };
  });
  return suggestions.map((s) => ({ ...s, existingRequestId: existing.get(s.key) ?? null }));
};
