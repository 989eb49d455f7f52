/** Fields of the logistics types: ids resolved through the request's loaders. */
import type {
  BlockingFlowResolvers,
  LogisticsRootCauseResolvers,
  RestrictedSupplyResolvers,
  RestrictionConnectionResolvers,
  RestrictionEventNoticeResolvers,
  RestrictionEventResolvers,
  RestrictionImpactResolvers,
  RestrictionResolvers,
} from '../../../generated/graphql.ts';
import { componentOf, enterpriseOf, enterprisesPageOf } from '../../enterprises/enterprises.ts';
import { agencyOf, findAgency, regionOf } from '../../regions/regions.ts';
import { eventsOfRestriction, inForceOn, restrictionOf } from '../restrictions.ts';

export const Restriction: RestrictionResolvers = {
  region: (r, _a, ctx) => (r.region === null ? null : regionOf(ctx, r.region)),
  inForce: (r, args, ctx) => inForceOn(r, args.on ?? ctx.today()),
  events: (r, _a, ctx) => eventsOfRestriction(ctx, r.id),
};

export const RestrictedSupply: RestrictedSupplyResolvers = {
  supplier: (s, _a, ctx) => enterpriseOf(ctx, s.supplier),
  customer: (s, _a, ctx) => enterpriseOf(ctx, s.customer),
  component: (s, _a, ctx) => componentOf(ctx, s.component),
};

export const RestrictionEvent: RestrictionEventResolvers = {
  agency: (e, _a, ctx) => findAgency(ctx, e.agencyId),
};

export const RestrictionEventNotice: RestrictionEventNoticeResolvers = {
  agencies: (n, _a, ctx) => Promise.all(n.agencyIds.map((id) => agencyOf(ctx, id))),
};

export const RestrictionConnection: RestrictionConnectionResolvers = {
  totalCount: (c) => c.count(),
};

export const RestrictionImpact: RestrictionImpactResolvers = {
  restriction: (i, _a, ctx) => restrictionOf(ctx, i.restrictionId),
  totalCount: (i) => i.ids.length,
  enterprises: (i, args, ctx) => enterprisesPageOf(ctx, i.ids, args.first, args.after),
};

/** The analysis names the restriction by id; what a restriction is belongs here, so its field is resolved here. */
export const LogisticsRootCause: LogisticsRootCauseResolvers = {
  restriction: (r, _a, ctx) => restrictionOf(ctx, r.restriction),
};

/** As for LogisticsRootCause: the analysis names a flow's restrictions by id. */
export const BlockingFlow: BlockingFlowResolvers = {
  restrictions: (f, _a, ctx) => Promise.all(f.restrictions.map((id) => restrictionOf(ctx, id))),
};
