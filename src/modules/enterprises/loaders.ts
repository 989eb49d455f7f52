import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';

export function createEnterpriseLoaders(scope: LoaderScope) {
  return {
    enterpriseById: keyedLoader(scope, 'enterprises.byId', cypher.enterprisesByIds, (e) => e.id, (known, id) => known.enterprise(id)),
    componentById: keyedLoader(scope, 'components.byId', cypher.componentsByIds, (c) => c.id, (known, id) => known.component(id)),
    suppliesInto: groupedLoader(scope, 'supplies.into', (tx, ids) => cypher.suppliesOf(tx, ids, 'in'), (s) => s.customerId),
    suppliesFrom: groupedLoader(scope, 'supplies.from', (tx, ids) => cypher.suppliesOf(tx, ids, 'out'), (s) => s.supplierId),
    needsOfEnterprise: groupedLoader(scope, 'needs.ofEnterprise', (tx, ids) => cypher.needsOf(tx, 'enterprise', ids), (n) => n.enterpriseId),
    needsOfComponent: groupedLoader(scope, 'needs.ofComponent', (tx, ids) => cypher.needsOf(tx, 'component', ids), (n) => n.componentId),
    makesOfEnterprise: groupedLoader(scope, 'makes.ofEnterprise', (tx, ids) => cypher.makesOf(tx, 'enterprise', ids), (m) => m.enterpriseId),
    makesOfComponent: groupedLoader(scope, 'makes.ofComponent', (tx, ids) => cypher.makesOf(tx, 'component', ids), (m) => m.componentId),
  };
}
export type EnterpriseLoaders = ReturnType<typeof createEnterpriseLoaders>;
