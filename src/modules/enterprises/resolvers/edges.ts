/** Fields of the edge types: each end is loaded by id, so a list of edges costs one round trip per end type. */
import type { ComponentResolvers, MakeResolvers, NeedResolvers, SupplyResolvers } from '../../../generated/graphql.ts';
import type { GraphQLContext } from '../../../server/context.ts';
import { notFound } from '../../../server/errors.ts';

async function enterprise(ctx: GraphQLContext, id: string) {
  const found = await ctx.loaders.enterpriseById.load(id);
  if (!found) throw notFound('enterprise', id);
  return found;
}

async function component(ctx: GraphQLContext, id: string) {
  const found = await ctx.loaders.componentById.load(id);
  if (!found) throw notFound('component', id);
  return found;
}

export const Supply: SupplyResolvers = {
  supplier: (s, _a, ctx) => enterprise(ctx, s.supplierId),
  customer: (s, _a, ctx) => enterprise(ctx, s.customerId),
  component: (s, _a, ctx) => component(ctx, s.componentId),
};

export const Need: NeedResolvers = {
  enterprise: (n, _a, ctx) => enterprise(ctx, n.enterpriseId),
  component: (n, _a, ctx) => component(ctx, n.componentId),
};

export const Make: MakeResolvers = {
  enterprise: (m, _a, ctx) => enterprise(ctx, m.enterpriseId),
  component: (m, _a, ctx) => component(ctx, m.componentId),
};

export const Component: ComponentResolvers = {
  makers: (c, _a, ctx) => ctx.loaders.makesOfComponent.load(c.id),
  buyers: (c, _a, ctx) => ctx.loaders.needsOfComponent.load(c.id),
};
