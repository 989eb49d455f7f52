/** Enterprises and components that must exist, held or loaded (see shared/records.ts). */
import type { GraphQLContext } from '../context.ts';
import { allOf, recordOf } from '../shared/records.ts';
import type { ComponentRecord, EnterpriseRecord } from './mappers.ts';

type Scope = Pick<GraphQLContext, 'known' | 'loaders'>;

export function enterpriseOf(ctx: Scope, id: string, argument?: string): EnterpriseRecord | Promise<EnterpriseRecord> {
  return recordOf(ctx.known, ctx.loaders.enterpriseById, 'enterprise', id, argument);
}

export function enterprisesOf(ctx: Scope, ids: readonly string[]): EnterpriseRecord[] | Promise<EnterpriseRecord[]> {
  return allOf(ids.map((id) => enterpriseOf(ctx, id)));
}

export function componentOf(ctx: Scope, id: string): ComponentRecord | Promise<ComponentRecord> {
  return recordOf(ctx.known, ctx.loaders.componentById, 'component', id);
}

export function componentsOf(ctx: Scope, ids: readonly string[]): ComponentRecord[] | Promise<ComponentRecord[]> {
  return allOf(ids.map((id) => componentOf(ctx, id)));
}
