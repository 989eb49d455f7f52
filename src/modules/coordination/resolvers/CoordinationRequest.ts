import type { CoordinationRequestResolvers, RequestEventResolvers, RequestTargetResolvers } from '../../../generated/graphql.ts';
import type { GraphQLContext } from '../../context.ts';
import { notFound } from '../../shared/errors.ts';
import type { AgencyRecord } from '../../regions/mappers.ts';
import { componentOf, enterpriseOf, enterprisesOf } from '../../enterprises/records.ts';
import { isOpen } from '../transitions.ts';

async function agencyOf(ctx: GraphQLContext, id: string): Promise<AgencyRecord> {
  const found = await ctx.loaders.agencyById.load(id);
  if (!found) throw notFound('agency', id);
  return found;
}

export const CoordinationRequest: CoordinationRequestResolvers = {
  open: (request) => isOpen(request.status),
  overdue: (request, _args, ctx) => isOpen(request.status) && request.dueDate < ctx.today(),
  requesters: (request, _args, ctx) => Promise.all(request.requesterIds.map((id) => agencyOf(ctx, id))),
  addressee: (request, _args, ctx) => agencyOf(ctx, request.addresseeId),
  originator: (request, _args, ctx) => agencyOf(ctx, request.originatorId),
  copied: (request, _args, ctx) => Promise.all(request.copiedIds.map((id) => agencyOf(ctx, id))),
  targets: (request) => request.targets,
  plants: (request, _args, ctx) => enterprisesOf(ctx, request.plantIds),
  events: (request, _args, ctx) => ctx.loaders.eventsOfRequest.load(request.id),
};

export const RequestTarget: RequestTargetResolvers = {
  enterprise: (target, _args, ctx) => enterpriseOf(ctx, target.enterpriseId),
  component: (target, _args, ctx) => componentOf(ctx, target.componentId),
};

export const RequestEvent: RequestEventResolvers = {
  agency: (event, _args, ctx) => ctx.loaders.agencyById.load(event.agencyId),
  readyPlants: (event, _args, ctx) => (event.readyPlantIds === null ? null : enterprisesOf(ctx, event.readyPlantIds)),
};
