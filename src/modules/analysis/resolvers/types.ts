/** Fields of the analysis types: ids from the evaluator, resolved through the request's loaders. */
import type {
  AtRiskInputResolvers,
  BlockedEnterpriseResolvers,
  BlockedEnterpriseConnectionResolvers,
  BlockedInputResolvers,
  BlockingFlowResolvers,
  ImpactResolvers,
  LogisticsRootCauseResolvers,
  PlanRouteResolvers,
  RegionImpactResolvers,
  RemainingPlantResolvers,
  RestartPlanResolvers,
  RestartPlanStepResolvers,
  RestartReadinessResolvers,
  RootCauseResolvers,
  StatusChangeResolvers,
} from '../../../generated/graphql.ts';
import { badUserInput } from '../../shared/errors.ts';
import { decodeCursor, pageSize, toPage } from '../../shared/pagination.ts';
import { componentOf, componentsOf, enterpriseOf, enterprisesOf, enterprisesPageOf } from '../../enterprises/enterprises.ts';
import { agencyOf, findAgency, regionOf } from '../../regions/regions.ts';

export const RestartReadiness: RestartReadinessResolvers = {
  enterprise: (r, _a, ctx) => enterpriseOf(ctx, r.plant),
};

export const BlockedInput: BlockedInputResolvers = {
  component: (b, _a, ctx) => componentOf(ctx, b.component),
  suppliers: (b, _a, ctx) => enterprisesOf(ctx, b.suppliers),
  rootCauses: (b, _a, ctx) => enterprisesOf(ctx, b.rootCauses),
  alternatives: (b, args, ctx) => {
    if (args.first == null) return enterprisesOf(ctx, b.alternatives);
    if (args.first < 0) throw badUserInput('first', `first must be 0 or more, got ${args.first}; leave it out for every alternative`);
    return enterprisesOf(ctx, b.alternatives.slice(0, args.first));
  },
  alternativeCount: (b) => b.alternatives.length,
};

export const AtRiskInput: AtRiskInputResolvers = {
  component: (b, _a, ctx) => componentOf(ctx, b.component),
  suppliers: (b, _a, ctx) => enterprisesOf(ctx, b.suppliers),
};

export const RootCause: RootCauseResolvers = {
  enterprise: (r, _a, ctx) => enterpriseOf(ctx, r.enterprise),
  components: (r, _a, ctx) => componentsOf(ctx, r.components),
  path: (r, _a, ctx) => enterprisesOf(ctx, r.path),
};

export const LogisticsRootCause: LogisticsRootCauseResolvers = {
  components: (r, _a, ctx) => componentsOf(ctx, r.components),
  path: (r, _a, ctx) => enterprisesOf(ctx, r.path),
};

export const Impact: ImpactResolvers = {
  enterprise: (i, _a, ctx) => enterpriseOf(ctx, i.enterpriseId),
  totalCount: (i) => i.ids.length,
  enterprises: (i, args, ctx) => enterprisesPageOf(ctx, i.ids, args.first, args.after),
};

export const RegionImpact: RegionImpactResolvers = {
  region: (r, _a, ctx) => regionOf(ctx, r.regionCode),
};

export const BlockedEnterprise: BlockedEnterpriseResolvers = {
  enterprise: (b, _a, ctx) => enterpriseOf(ctx, b.id),
};

export const BlockedEnterpriseConnection: BlockedEnterpriseConnectionResolvers = {
  region: (c, _a, ctx) => regionOf(ctx, c.regionCode),
};

export const StatusChange: StatusChangeResolvers = {
  enterprise: (s, _a, ctx) => enterpriseOf(ctx, s.enterpriseId),
  changedByAgency: (s, _a, ctx) => (s.changedByAgencyId ? findAgency(ctx, s.changedByAgencyId) : null),
};

export const RestartPlan: RestartPlanResolvers = {
  region: (p, _a, ctx) => regionOf(ctx, p.regionCode),
  remaining: (p, args) => {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const window = p.page(after, size + 1);
    // Reasons only for the page shown: each costs a walk, and one more evaluation for a joint restart.
    const reasons = p.reasons(window.slice(0, size));
    const page = toPage(
      window.map((id) => ({ id, reasons: reasons.get(id) ?? [] })),
      size,
      (r) => r.id,
      after,
    );
    return { totalCount: p.remainingCount, ...page };
  },
};

export const RestartPlanStep: RestartPlanStepResolvers = {
  enterprise: (s, _a, ctx) => enterpriseOf(ctx, s.enterprise),
  freedPlants: (s, _a, ctx) => enterprisesOf(ctx, s.freed),
  freedPlantCount: (s) => s.freedPlants,
  blockedAnew: (s, _a, ctx) => enterprisesOf(ctx, s.blockedAnew),
};

export const PlanRoute: PlanRouteResolvers = {
  originator: (r, _a, ctx) => (r.originator === null ? null : agencyOf(ctx, r.originator)),
  requester: (r, _a, ctx) => (r.requester === null ? null : agencyOf(ctx, r.requester)),
  addressee: (r, _a, ctx) => (r.addressee === null ? null : agencyOf(ctx, r.addressee)),
  copied: (r, _a, ctx) => Promise.all(r.copied.map((id) => agencyOf(ctx, id))),
  unroutableRegion: (r, _a, ctx) => (r.unroutableRegion === null ? null : regionOf(ctx, r.unroutableRegion)),
};

export const RemainingPlant: RemainingPlantResolvers = {
  enterprise: (r, _a, ctx) => enterpriseOf(ctx, r.id),
};

export const BlockingFlow: BlockingFlowResolvers = {
  from: (f, _a, ctx) => regionOf(ctx, f.from),
  to: (f, _a, ctx) => regionOf(ctx, f.to),
  plantCount: (f) => f.plants.length,
  plants: (f, args, ctx) => {
    if (args.first == null) return enterprisesOf(ctx, f.plants);
    if (args.first < 0) throw badUserInput('first', `first must be 0 or more, got ${args.first}; leave it out for every plant`);
    return enterprisesOf(ctx, f.plants.slice(0, args.first));
  },
  rootCauses: (f, _a, ctx) => enterprisesOf(ctx, f.rootCauses),
};
