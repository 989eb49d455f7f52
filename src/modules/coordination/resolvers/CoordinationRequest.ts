import type { CoordinationRequestResolvers, RequestEventResolvers, RequestRestrictionTargetResolvers, RequestTargetResolvers } from '../../../generated/graphql.ts';
import { notFound } from '../../shared/errors.ts';
import { agencyOf, findAgency } from '../../regions/regions.ts';
import { componentOf, enterpriseOf, enterprisesOf } from '../../enterprises/enterprises.ts';
import { eventsOf } from '../requests.ts';
import { decide } from '../../identity/permissions.ts';
import { allowedTransitions, isOpen, TRANSITIONS } from '../transitions.ts';

export const CoordinationRequest: CoordinationRequestResolvers = {
  open: (request) => isOpen(request.status),
  overdue: (request, _args, ctx) => isOpen(request.status) && request.dueDate < ctx.today(),
  requesters: (request, _args, ctx) => Promise.all(request.requesterIds.map((id) => agencyOf(ctx, id))),
  addressee: (request, _args, ctx) => agencyOf(ctx, request.addresseeId),
  originator: (request, _args, ctx) => agencyOf(ctx, request.originatorId),
  copied: (request, _args, ctx) => Promise.all(request.copiedIds.map((id) => agencyOf(ctx, id))),
  targets: (request) => request.targets,
  restrictionTargets: (request) => request.restrictionTargets,
  plants: (request, _args, ctx) => enterprisesOf(ctx, request.plantIds),
  events: (request, _args, ctx) => eventsOf(ctx, request.id),
  availableTransitions: (request, _args, ctx) =>
    allowedTransitions(request.status).filter((transition) => {
      const rule = TRANSITIONS[transition];
      const verb = rule.verb;
      return decide(ctx.user, verb === 'withdraw' ? { kind: 'withdraw', request } : { kind: 'respond', verb, request }).allowed;
    }),
};

export const RequestTarget: RequestTargetResolvers = {
  enterprise: (target, _args, ctx) => enterpriseOf(ctx, target.enterpriseId),
  component: (target, _args, ctx) => componentOf(ctx, target.componentId),
};

export const RequestRestrictionTarget: RequestRestrictionTargetResolvers = {
  // Through the loader, not the logistics module: logistics tells open requests when a restriction is lifted.
  restriction: async (target, _args, ctx) => {
    const restriction = await ctx.loaders.restrictionById.load(target.restrictionId);
    if (!restriction) throw notFound('restriction', target.restrictionId);
    return restriction;
  },
  component: (target, _args, ctx) => componentOf(ctx, target.componentId),
};

export const RequestEvent: RequestEventResolvers = {
  agency: (event, _args, ctx) => findAgency(ctx, event.agencyId),
  readyPlants: (event, _args, ctx) => (event.readyPlantIds === null ? null : enterprisesOf(ctx, event.readyPlantIds)),
};
