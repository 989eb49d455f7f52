/** The records an analysis answer already holds, as the loaders return them: resolving them costs no round trip. */
import type { EnterpriseFacts } from '../../analysis/types.ts';
import type { ComponentRecord, EnterpriseRecord } from '../enterprises/mappers.ts';
import type { RecordSource } from '../shared/loaders.ts';

/** What a fetched subgraph holds of an enterprise: the facts the evaluator reads and the labels an answer shows. */
export type LabelledEnterpriseFacts = EnterpriseFacts & { name: string; industry: string | null; note: string | null };

/** An enterprise record from the facts the evaluator reads and the labels an answer shows (read model or fetched subgraph alike). */
export function enterpriseRecord(e: EnterpriseFacts, name: string, industry: string | null, note: string | null): EnterpriseRecord {
  return {
    id: e.id,
    name,
    industry,
    status: e.status,
    workforce: e.workforce,
    epidemicCritical: e.epidemicCritical,
    expectedResumeDate: e.expectedResumeDate,
    note,
    regionCode: e.district,
  };
}

/** The records of a fetched subgraph. */
export function subgraphRecords(subgraph: { enterprises: readonly LabelledEnterpriseFacts[]; components: readonly ComponentRecord[] }): RecordSource {
  const enterprises = new Map<string, EnterpriseRecord>();
  for (const e of subgraph.enterprises) enterprises.set(e.id, enterpriseRecord(e, e.name, e.industry, e.note));
  const components = new Map<string, ComponentRecord>(subgraph.components.map((c) => [c.id, c]));
  return { enterprise: (id) => enterprises.get(id), component: (id) => components.get(id) };
}
