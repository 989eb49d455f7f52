import type { Resolvers } from '../../generated/graphql.ts';
import { createInboxBus, type InboxBus } from '../coordination/events.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import { createApplicationLoaders } from './loaders.ts';
import { applicationParticipants, type ApplicationEventNoticeRecord } from './mappers.ts';
import { approveApplication } from './resolvers/Mutation/approveApplication.ts';
import { fileResumptionApplication } from './resolvers/Mutation/fileResumptionApplication.ts';
import { receiveCommitmentDocuments } from './resolvers/Mutation/receiveCommitmentDocuments.ts';
import { refuseApplication } from './resolvers/Mutation/refuseApplication.ts';
import { requestCityRecheck } from './resolvers/Mutation/requestCityRecheck.ts';
import { startOnSiteCheck } from './resolvers/Mutation/startOnSiteCheck.ts';
import { withdrawApplication } from './resolvers/Mutation/withdrawApplication.ts';
import { resumptionApplication } from './resolvers/Query/resumptionApplication.ts';
import { resumptionApplications } from './resolvers/Query/resumptionApplications.ts';
import { resumptionStats } from './resolvers/Query/resumptionStats.ts';
import { ApplicationEvent, ResumptionApplication, ResumptionStats } from './resolvers/ResumptionApplication.ts';
import { applicationEvents } from './resolvers/Subscription/applicationEvents.ts';

const resolvers: Resolvers = {
  Query: { resumptionApplication, resumptionApplications, resumptionStats },
  Mutation: { fileResumptionApplication, startOnSiteCheck, requestCityRecheck, approveApplication, refuseApplication, withdrawApplication, receiveCommitmentDocuments },
  Subscription: { applicationEvents },
  ResumptionApplication,
  ResumptionApplicationConnection: { totalCount: (connection) => connection.count() },
  ApplicationEvent,
  ResumptionStats,
};

export const applicationsModule: FugongModule = {
  name: 'applications',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createApplicationLoaders,
  services: ({ jointCheckThreshold, eventTarget }) => ({
    applications: { jointCheckThreshold },
    // One bus per process, like the request inbox's.
    applicationEvents: createInboxBus<ApplicationEventNoticeRecord>('applicationEvent', (notice) => applicationParticipants(notice.application), eventTarget),
  }),
};

declare module '../context.ts' {
  interface ModuleServices {
    /** How applications are reviewed (from the config). */
    applications: { jointCheckThreshold: number };
    /** The live inbox of application events: publish here after their transaction commits. */
    applicationEvents: InboxBus<ApplicationEventNoticeRecord>;
  }
}
