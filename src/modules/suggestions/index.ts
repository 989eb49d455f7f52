import type { Resolvers } from '../../generated/graphql.ts';
import { agencyOf, regionOf } from '../regions/regions.ts';
import { findRequest } from '../coordination/requests.ts';
import { componentsOf, enterpriseOf } from '../enterprises/enterprises.ts';
import { restrictionOf } from '../logistics/restrictions.ts';
import { coordinationSuggestions } from './resolvers/Query/coordinationSuggestions.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';

const resolvers: Resolvers = {
  Query: { coordinationSuggestions },
  CoordinationSuggestion: {
    originator: (s, _a, ctx) => (s.originator === null ? null : agencyOf(ctx, s.originator)),
    originators: (s, _a, ctx) => Promise.all(s.originators.map((id) => agencyOf(ctx, id))),
    requester: (s, _a, ctx) => (s.requester === null ? null : agencyOf(ctx, s.requester)),
    addressee: (s, _a, ctx) => (s.addressee === null ? null : agencyOf(ctx, s.addressee)),
    unroutableRegion: (s, _a, ctx) => (s.unroutableRegion === null ? null : regionOf(ctx, s.unroutableRegion)),
    copied: (s, _a, ctx) => Promise.all(s.copied.map((id) => agencyOf(ctx, id))),
    existingRequest: (s, _a, ctx) => (s.existingRequestId ? findRequest(ctx, s.existingRequestId) : null),
  },
  SuggestionTarget: {
    enterprise: (t, _a, ctx) => enterpriseOf(ctx, t.enterprise.id),
    components: (t, _a, ctx) => componentsOf(ctx, t.components),
  },
  SuggestionRestrictionTarget: {
    restriction: (t, _a, ctx) => restrictionOf(ctx, t.restriction.id),
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
