/** The records a fetched subgraph already holds, as the loaders return them: resolving them costs no round trip. */
import type { ComponentRecord, EnterpriseRecord } from '../enterprises/mappers.ts';
import type { RecordSource } from '../shared/loaders.ts';
import type { Subgraph } from './cypher.ts';

export function subgraphRecords(subgraph: Pick<Subgraph, 'enterprises' | 'components'>): RecordSource {
  const enterprises = new Map<string, EnterpriseRecord>();
  for (const e of subgraph.enterprises) {
    enterprises.set(e.id, {
      id: e.id,
      name: e.name,
      industry: e.industry,
      status: e.status,
      workforce: e.workforce,
      epidemicCritical: e.epidemicCritical,
      expectedResumeDate: e.expectedResumeDate,
      note: e.note,
      regionCode: e.district,
    });
  }
  const components = new Map<string, ComponentRecord>(subgraph.components.map((c) => [c.id, c]));
  return { enterprise: (id) => enterprises.get(id), component: (id) => components.get(id) };
}
