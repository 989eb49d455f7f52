import type { Resolvers } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { componentsOf, enterpriseOf } from '../enterprises/records.ts';
import { coordinationSuggestions } from './resolvers/Query/coordinationSuggestions.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';

async function agency(ctx: GraphQLContext, id: string) {
  const found = await ctx.loaders.agencyById.load(id);
  if (!found) throw new Error(`agency ${id} vanished while routing`);
  return found;
}

const resolvers: Resolvers = {
  Query: { coordinationSuggestions },
  CoordinationSuggestion: {
    originator: (s, _a, ctx) => agency(ctx, s.originator),
    originators: (s, _a, ctx) => Promise.all(s.originators.map((id) => agency(ctx, id))),
    requester: (s, _a, ctx) => agency(ctx, s.requester),
    addressee: (s, _a, ctx) => agency(ctx, s.addressee),
    copied: (s, _a, ctx) => Promise.all(s.copied.map((id) => agency(ctx, id))),
    existingRequest: (s, _a, ctx) => (s.existingRequestId ? ctx.loaders.requestById.load(s.existingRequestId) : null),
  },
  SuggestionTarget: {
    enterprise: (t, _a, ctx) => enterpriseOf(ctx, t.enterprise.id),
    components: (t, _a, ctx) => componentsOf(ctx, t.components),
  },
  SuggestedPlant: {
    enterprise: (p, _a, ctx) => enterpriseOf(ctx, p.id),
  },
};

export const suggestionsModule: FugongModule = {
  name: 'suggestions',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
};
