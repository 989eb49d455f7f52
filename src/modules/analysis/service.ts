/**
 * The restart analysis over Neo4j: fetch the part of the graph an answer
 * depends on (see cypher.ts), run the pure evaluator on it, and keep the
 * materialised `able0` flag true after every write that can change it.
 */
import { ableMask, buildSupplyGraph, evaluateRegionReadiness, impact, restartReadiness } from '../../analysis/index.ts';
import type { GraphFacts, RestartReadiness } from '../../analysis/types.ts';
import type { SupplyGraph } from '../../analysis/graph.ts';
import type { Database, Tx } from '../../neo4j/database.ts';
import { type Subgraph, downstreamOf, fetchSubgraph, fetchWholeGraph, lockAbleness, regionEnterpriseIds, writeAble0 } from './cypher.ts';

/** Any day will do: with stock not counted, ableness depends on statuses alone. */
const ANY_DAY = '2000-01-01';

function able0Flags(graph: SupplyGraph, only?: ReadonlySet<string>): { id: string; able0: boolean }[] {
  const mask = ableMask(graph, ANY_DAY, { countStock: false });
  const flags: { id: string; able0: boolean }[] = [];
  graph.ids.forEach((id, i) => {
    if (!only || only.has(id)) flags.push({ id, able0: mask[i] === 1 });
  });
  return flags;
}

export interface ImpactAnswer {
  ids: string[];
  facts: GraphFacts;
}

export interface BlockedAnswer {
  blocked: { id: string; blockedInputCount: number; rootCauseCount: number; workforce: number }[];
}

export class AnalysisService {
  constructor(private readonly db: Database) {}

  /** Recomputes `able0` for the whole graph (after a dataset load). */
  async refreshAll(requestId?: string): Promise<void> {
    await this.db.write({ operation: 'analysis.refreshAll', requestId, timeoutMs: 600_000 }, async (tx) => {
      await lockAbleness(tx);
      const graph = buildSupplyGraph(await fetchWholeGraph(tx));
      await writeAble0(tx, able0Flags(graph));
    });
  }

  /**
   * Brings `able0` up to date after the statuses of `changed` were written in
   * `tx`: only enterprises downstream of a change can change, and their cone
   * outside that set keeps its (correct) flags.
   */
  async refreshAfterChange(tx: Tx, changed: readonly string[]): Promise<void> {
    await lockAbleness(tx);
    const affected = await downstreamOf(tx, changed);
    const graph = buildSupplyGraph(await fetchSubgraph(tx, affected));
    await writeAble0(tx, able0Flags(graph, new Set(affected)));
  }

  /** Readiness of a plant: one round trip for the data, the rest in memory. */
  async readiness(plantId: string, asOf: string, requestId?: string): Promise<{ report: RestartReadiness | null; facts: Subgraph }> {
    const facts = await this.db.read({ operation: 'analysis.readiness', requestId }, (tx) => fetchSubgraph(tx, [plantId], plantId));
    const graph = buildSupplyGraph(facts);
    return { report: graph.indexOf(plantId) === undefined ? null : restartReadiness(graph, plantId, asOf), facts };
  }

  async impact(enterpriseId: string, asOf: string, requestId?: string): Promise<ImpactAnswer> {
    const facts = await this.db.read({ operation: 'analysis.impact', requestId }, async (tx) => fetchSubgraph(tx, await downstreamOf(tx, [enterpriseId])));
    return { ids: impact(buildSupplyGraph(facts), enterpriseId, asOf), facts };
  }

  /** Every non-CLOSED enterprise of the region's subtree that is not ready, in id order. */
  async blocked(regionCode: string, asOf: string, requestId?: string): Promise<BlockedAnswer> {
    return this.db.read({ operation: 'analysis.blocked', requestId }, async (tx) => {
      // An OPERATING able0 enterprise is ready on any date: only the others need a look.
      const candidates = (await regionEnterpriseIds(tx, regionCode)).filter((e) => !(e.status === 'OPERATING' && e.able0)).map((e) => e.id);
      if (candidates.length === 0) return { blocked: [] };
      const facts = await fetchSubgraph(tx, candidates);
      const graph = buildSupplyGraph(facts);
      const workforce = new Map(facts.enterprises.map((e) => [e.id, e.workforce]));
      return {
        blocked: evaluateRegionReadiness(graph, candidates, asOf).map((b) => ({
          id: b.plant,
          blockedInputCount: b.blockedInputs.length,
          rootCauseCount: b.rootCauseCount,
          workforce: workforce.get(b.plant) ?? 0,
        })),
      };
    });
  }

  /** Whether each plant is ready on `asOf`; used to report what a resumption freed. */
  async readyPlants(tx: Tx, plantIds: readonly string[], asOf: string): Promise<string[]> {
    if (plantIds.length === 0) return [];
    const graph = buildSupplyGraph(await fetchSubgraph(tx, plantIds));
    const known = plantIds.filter((id) => graph.indexOf(id) !== undefined);
    const notReady = new Set(evaluateRegionReadiness(graph, known, asOf).map((b) => b.plant));
    return known.filter((id) => !notReady.has(id));
  }
}
