import type { ApplicationEventResolvers, ResumptionApplicationResolvers, ResumptionStatsResolvers } from '../../../generated/graphql.ts';
import { enterpriseOf } from '../../enterprises/enterprises.ts';
import { findAgency, regionOf } from '../../regions/regions.ts';
import { notFound } from '../../shared/errors.ts';
import { suggestionsFor } from '../../suggestions/suggestions.ts';
import { availableApplicationTransitions, documentsOverdue, eventsOfApplication, needsJointCheck } from '../applications.ts';
import { isOpenApplication } from '../transitions.ts';

const agencyOrNull = (ctx: Parameters<typeof findAgency>[0], id: string | null) => (id === null ? null : findAgency(ctx, id));

export const ResumptionApplication: ResumptionApplicationResolvers = {
  enterprise: (application, _args, ctx) => enterpriseOf(ctx, application.enterpriseId),
  open: (application) => isOpenApplication(application.status),
  documentsOverdue: (application, _args, ctx) => documentsOverdue(application, ctx.today()),
  jointCheck: (application, _args, ctx) => needsJointCheck(ctx, application),
  filer: (application, _args, ctx) => agencyOrNull(ctx, application.filerAgencyId),
  districtAgency: (application, _args, ctx) => agencyOrNull(ctx, application.districtAgencyId),
  cityAgency: (application, _args, ctx) => agencyOrNull(ctx, application.cityAgencyId),
  events: (application, _args, ctx) => eventsOfApplication(ctx, application.id),
  readinessOnPlannedDate: async (application, _args, ctx) => {
    const readiness = await ctx.analysis.readiness(ctx, application.enterpriseId, application.plannedDate);
    if (!readiness) throw notFound('enterprise', application.enterpriseId);
    return readiness;
  },
  suggestions: async (application, _args, ctx) => {
    const readiness = await ctx.analysis.readiness(ctx, application.enterpriseId, application.plannedDate);
    if (!readiness || readiness.ready) return [];
    return suggestionsFor(ctx, { enterpriseId: application.enterpriseId }, application.plannedDate);
  },
  availableTransitions: (application, _args, ctx) => availableApplicationTransitions(ctx, application),
};

export const ApplicationEvent: ApplicationEventResolvers = {
  agency: (event, _args, ctx) => findAgency(ctx, event.agencyId),
};

export const ResumptionStats: ResumptionStatsResolvers = {
  region: (stats, _args, ctx) => regionOf(ctx, stats.regionCode),
};
