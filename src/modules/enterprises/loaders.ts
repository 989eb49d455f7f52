import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';
import type { ComponentRecord, EnterpriseRecord } from './mappers.ts';

export function createEnterpriseLoaders(scope: LoaderScope) {
  return {
    enterpriseById: keyedLoader(scope, 'enterprises.byId', cypher.enterprisesByIds, (e) => e.id, 'enterprise'),
    componentById: keyedLoader(scope, 'components.byId', cypher.componentsByIds, (c) => c.id, 'component'),
    suppliesInto: groupedLoader(scope, 'supplies.into', (tx, ids) => cypher.suppliesOf(tx, ids, 'in'), (s) => s.customerId),
    suppliesFrom: groupedLoader(scope, 'supplies.from', (tx, ids) => cypher.suppliesOf(tx, ids, 'out'), (s) => s.supplierId),
    needsOfEnterprise: groupedLoader(scope, 'needs.ofEnterprise', (tx, ids) => cypher.needsOf(tx, 'enterprise', ids), (n) => n.enterpriseId),
    needsOfComponent: groupedLoader(scope, 'needs.ofComponent', (tx, ids) => cypher.needsOf(tx, 'component', ids), (n) => n.componentId),
    makesOfEnterprise: groupedLoader(scope, 'makes.ofEnterprise', (tx, ids) => cypher.makesOf(tx, 'enterprise', ids), (m) => m.enterpriseId),
    makesOfComponent: groupedLoader(scope, 'makes.ofComponent', (tx, ids) => cypher.makesOf(tx, 'component', ids), (m) => m.componentId),
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
  }
}
