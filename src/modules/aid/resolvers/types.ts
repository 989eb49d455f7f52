/** Fields of the mutual-aid types: ids resolved through the request's loaders. */
import type {
  AidEventNoticeResolvers,
  AidEventResolvers,
  HelpMatchesResolvers,
  HelpOfferConnectionResolvers,
  HelpOfferResolvers,
  HelpRequestConnectionResolvers,
  HelpRequestResolvers,
  LoanConnectionResolvers,
  LoanResolvers,
} from '../../../generated/graphql.ts';
import { componentOf, enterpriseOf, enterprisesOf } from '../../enterprises/enterprises.ts';
import { agencyOf, findAgency } from '../../regions/regions.ts';
import { eventsOf, findHelpOffer, findHelpRequest, loanEndsOn, loanOverdue, mayActFor, offerOpenOn } from '../aid.ts';

export const HelpRequest: HelpRequestResolvers = {
  enterprise: (h, _a, ctx) => enterpriseOf(ctx, h.enterpriseId),
  component: (h, _a, ctx) => componentOf(ctx, h.componentId),
  open: (h) => h.withdrawnOn === null,
  events: (h, _a, ctx) => eventsOf(ctx, h.id),
  loans: (h, _a, ctx) => ctx.loaders.loansOfRequest.load(h.id),
  mayWithdraw: async (h, _a, ctx) => h.withdrawnOn === null && (await mayActFor(ctx, 'borrower', h.enterpriseId)),
};

export const HelpOffer: HelpOfferResolvers = {
  enterprise: (o, _a, ctx) => enterpriseOf(ctx, o.enterpriseId),
  component: (o, _a, ctx) => componentOf(ctx, o.componentId),
  open: (o, args, ctx) => offerOpenOn(o, args.on ?? ctx.today()),
  events: (o, _a, ctx) => eventsOf(ctx, o.id),
  loans: (o, _a, ctx) => ctx.loaders.loansOfOffer.load(o.id),
  mayWithdraw: async (o, _a, ctx) => o.withdrawnOn === null && (await mayActFor(ctx, 'lender', o.enterpriseId)),
  mayLend: async (o, _a, ctx) => offerOpenOn(o, ctx.today()) && (await mayActFor(ctx, 'lender', o.enterpriseId)),
};

export const Loan: LoanResolvers = {
  lender: (l, _a, ctx) => enterpriseOf(ctx, l.lenderId),
  borrower: (l, _a, ctx) => enterpriseOf(ctx, l.borrowerId),
  component: (l, _a, ctx) => componentOf(ctx, l.componentId),
  endsOn: (l) => loanEndsOn(l),
  inForce: (l, args, ctx) => {
    const on = args.on ?? ctx.today();
    return l.start <= on && on < loanEndsOn(l);
  },
  open: (l) => l.returnedOn === null,
  overdue: (l, _a, ctx) => loanOverdue(l, ctx.today()),
  request: (l, _a, ctx) => (l.requestId === null ? null : findHelpRequest(ctx, l.requestId)),
  offer: (l, _a, ctx) => (l.offerId === null ? null : findHelpOffer(ctx, l.offerId)),
  events: (l, _a, ctx) => eventsOf(ctx, l.id),
  mayRecordReturn: async (l, _a, ctx) => l.returnedOn === null && (await mayActFor(ctx, 'lender', l.lenderId)),
};

export const AidEvent: AidEventResolvers = {
  agency: (e, _a, ctx) => findAgency(ctx, e.agencyId),
};

export const AidEventNotice: AidEventNoticeResolvers = {
  agencies: (n, _a, ctx) => Promise.all(n.agencyIds.map((id) => agencyOf(ctx, id))),
};

export const HelpMatches: HelpMatchesResolvers = {
  alternatives: (m, _a, ctx) => enterprisesOf(ctx, m.alternativeIds),
};

export const LoanConnection: LoanConnectionResolvers = {
  totalCount: (c) => c.count(),
};

export const HelpRequestConnection: HelpRequestConnectionResolvers = {
  totalCount: (c) => c.count(),
};

export const HelpOfferConnection: HelpOfferConnectionResolvers = {
  totalCount: (c) => c.count(),
};
