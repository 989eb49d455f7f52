/** Fields of the edge types: each end is loaded by id, so a list of edges costs one round trip per end type. */
import type { ComponentResolvers, MakeResolvers, NeedResolvers, SupplyResolvers } from '../../../generated/graphql.ts';
import { componentOf, enterpriseOf, makesOf, needsOf } from '../enterprises.ts';

export const Supply: SupplyResolvers = {
  supplier: (s, _a, ctx) => enterpriseOf(ctx, s.supplierId),
  customer: (s, _a, ctx) => enterpriseOf(ctx, s.customerId),
  component: (s, _a, ctx) => componentOf(ctx, s.componentId),
};

export const Need: NeedResolvers = {
  enterprise: (n, _a, ctx) => enterpriseOf(ctx, n.enterpriseId),
  component: (n, _a, ctx) => componentOf(ctx, n.componentId),
};

export const Make: MakeResolvers = {
  enterprise: (m, _a, ctx) => enterpriseOf(ctx, m.enterpriseId),
  component: (m, _a, ctx) => componentOf(ctx, m.componentId),
};

export const Component: ComponentResolvers = {
  makers: (c, _a, ctx) => makesOf(ctx, 'component', c.id),
  buyers: (c, _a, ctx) => needsOf(ctx, 'component', c.id),
};
