import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import { aidEventsOf } from './aid.ts';
import * as cypher from './cypher.ts';

export function createAidLoaders(scope: LoaderScope) {
  return {
    helpRequestById: keyedLoader(scope, 'helpRequests.byId', cypher.helpRequestsByIds, (h) => h.id),
    helpOfferById: keyedLoader(scope, 'helpOffers.byId', cypher.helpOffersByIds, (o) => o.id),
    loanById: keyedLoader(scope, 'loans.byId', cypher.loansByIds, (l) => l.id),
    aidEventsOf: groupedLoader(scope, 'aid.events', aidEventsOf, (e) => e.subjectId),
    loansOfRequest: groupedLoader(scope, 'loans.ofRequest', (tx, ids) => cypher.loansOf(tx, 'requestId', ids), (l) => l.requestId ?? ''),
    aidSidesOf: keyedLoader(scope, 'aid.governing', cypher.governingOfEnterprises, (g) => g.enterpriseId),
    loansOfOffer: groupedLoader(scope, 'loans.ofOffer', (tx, ids) => cypher.loansOf(tx, 'offerId', ids), (l) => l.offerId ?? ''),
  };
}
export type AidLoaders = ReturnType<typeof createAidLoaders>;

declare module '../context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into the context's loaders
  interface ModuleLoaders extends AidLoaders {}
}
