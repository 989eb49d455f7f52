import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';
import type { EnterpriseSearch } from './cypher.ts';
import type { ComponentRecord, EnterpriseRecord, MakeRecord, NeedRecord, SupplyRecord } from './mappers.ts';

export function createEnterpriseLoaders(scope: LoaderScope) {
  return {
    enterpriseById: keyedLoader(scope, 'enterprises.byId', cypher.enterprisesByIds, (e) => e.id, 'enterprise'),
    componentById: keyedLoader(scope, 'components.byId', cypher.componentsByIds, (c) => c.id, 'component'),
    suppliesInto: groupedLoader(scope, 'supplies.into', (tx, ids) => cypher.suppliesOf(tx, ids, 'in'), (s) => s.customerId, 'suppliesInto'),
    suppliesFrom: groupedLoader(scope, 'supplies.from', (tx, ids) => cypher.suppliesOf(tx, ids, 'out'), (s) => s.supplierId, 'suppliesFrom'),
    needsOfEnterprise: groupedLoader(scope, 'needs.ofEnterprise', (tx, ids) => cypher.needsOf(tx, 'enterprise', ids), (n) => n.enterpriseId, 'needsOfEnterprise'),
    needsOfComponent: groupedLoader(scope, 'needs.ofComponent', (tx, ids) => cypher.needsOf(tx, 'component', ids), (n) => n.componentId, 'needsOfComponent'),
    makesOfEnterprise: groupedLoader(scope, 'makes.ofEnterprise', (tx, ids) => cypher.makesOf(tx, 'enterprise', ids), (m) => m.enterpriseId, 'makesOfEnterprise'),
    makesOfComponent: groupedLoader(scope, 'makes.ofComponent', (tx, ids) => cypher.makesOf(tx, 'component', ids), (m) => m.componentId, 'makesOfComponent'),
  };
}
export type EnterpriseLoaders = ReturnType<typeof createEnterpriseLoaders>;

declare module '../context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into the context's loaders
  interface ModuleLoaders extends EnterpriseLoaders {}
}
declare module '../shared/loaders.ts' {
  interface KnownRecordKinds {
    enterprise: EnterpriseRecord;
    component: ComponentRecord;
    /** The supplies into an enterprise (by supplier, then component), and out of it (by customer, then component). */
    suppliesInto: SupplyRecord[];
    suppliesFrom: SupplyRecord[];
    needsOfEnterprise: NeedRecord[];
    needsOfComponent: NeedRecord[];
    makesOfEnterprise: MakeRecord[];
    makesOfComponent: MakeRecord[];
    /** A page of enterprises fetched with the selection that asked for it (key: pageKey in graph-read.ts), one row more than the page. */
    enterprisePage: EnterpriseRecord[];
    /** The count of a region's enterprises (key: the region code). */
    enterpriseCount: { count: number };
  }
  interface WholeGraph {
    searchEnterprises(search: EnterpriseSearch, after: string | null, limit: number): EnterpriseRecord[];
    countEnterprises(search: EnterpriseSearch): number;
    searchComponents(nameContains: string | null): ComponentRecord[];
  }
}
