/**
 * Resumption applications. Each change runs in one managed write
 * transaction, takes the write locks it needs before it reads what it
 * decides on, appends exactly one event, and returns it so the caller
 * publishes it once the transaction has committed. Approval changes the
 * enterprise's status through the one status path, in the same transaction.
 */
import type { FileResumptionApplicationInput, ResumptionApplicationFilter } from '../../generated/graphql.ts';
import type { Tx } from '../../neo4j/database.ts';
import { changeStatusIn, statusChangeCommitted, type StatusChangeInTransaction } from '../analysis/status.ts';
import type { GraphQLContext } from '../context.ts';
import { authorize, decide, governingAgenciesOfEnterprise, type Action, type ApplicationReviewVerb } from '../identity/permissions.ts';
import { issueApiId } from '../shared/api-ids.ts';
import { appendLoggedEvent } from '../shared/event-log.ts';
import { badUserInput, conflict, invalidInput, invalidTransition, notFound } from '../shared/errors.ts';
import { countedPage, decodeCursor, pageSize } from '../shared/pagination.ts';
import * as cypher from './cypher.ts';
import type {
  ApplicationEventNoticeRecord,
  ApplicationEventRecord,
  FileResumptionApplicationPayloadRecord,
  ResumptionApplicationConnectionRecord,
  ResumptionApplicationRecord,
  ResumptionStatsRecord,
} from './mappers.ts';
import { resumptionFigures } from './stats.ts';
import {
  actorOf,
  allowedApplicationTransitions,
  APPLICATION_STEPS,
  applicationRefusal,
  isOpenApplication,
  nextApplicationStatus,
  type ApplicationEventKind,
  type ApplicationState,
  type ApplicationTransition,
} from './transitions.ts';
import { applicationFingerprint, normaliseApplicationFiling } from './validation.ts';

/** More staff returning than the configured threshold: the city rechecks. */
export function needsJointCheck(ctx: Pick<GraphQLContext, 'applications'>, application: Pick<ResumptionApplicationRecord, 'workforceReturning'>): boolean {
  return application.workforceReturning > ctx.applications.jointCheckThreshold;
}

export function documentsOverdue(application: ResumptionApplicationRecord, today: string): boolean {
  return (
    application.commitment &&
    application.documentsReceivedOn === null &&
    application.documentsDue !== null &&
    application.documentsDue < today &&
    application.status !== 'REFUSED' &&
    application.status !== 'WITHDRAWN'
  );
}

function stateOf(ctx: Pick<GraphQLContext, 'applications'>, application: ResumptionApplicationRecord): ApplicationState {
  return {
    status: application.status,
    commitment: application.commitment,
    jointCheck: needsJointCheck(ctx, application),
    documentsReceived: application.documentsReceivedOn !== null,
  };
}

async function requireApplication(tx: Tx, id: string): Promise<ResumptionApplicationRecord> {
  const [application] = await cypher.applicationsByIds(tx, [id]);
  if (!application) throw new Error(`resumption application ${id} vanished inside its own transaction`);
  return application;
}

async function appendEvent(
  tx: Tx,
  ctx: Pick<GraphQLContext, 'user'>,
  event: { applicationId: string; kind: ApplicationEventKind; at: string; note: string | null; status?: string },
): Promise<ApplicationEventRecord> {
  const logged = await appendLoggedEvent(tx, 'ResumptionApplication', {
    subjectId: event.applicationId,
    kind: event.kind,
    actor: ctx.user.id,
    agencyId: ctx.user.agencyId,
    at: event.at,
    note: event.note,
    status: event.status ?? null,
  });
  if (!logged) throw new Error(`resumption application ${event.applicationId} vanished while it was locked`);
  return { applicationId: logged.subjectId, seq: logged.seq, kind: logged.kind as ApplicationEventKind, actor: logged.actor, agencyId: logged.agencyId, at: logged.at, note: logged.note };
}

/** What a change hands back: the notice to publish after the commit, and a status change to finish when approval made one. */
export interface ApplicationChange {
  notice: ApplicationEventNoticeRecord;
  statusChange: StatusChangeInTransaction | null;
}

/** Files an application, or (same idempotency key) returns the first result and changes nothing. */
export async function fileApplication(
  ctx: GraphQLContext,
  input: FileResumptionApplicationInput,
  at: string = new Date().toISOString(),
): Promise<FileResumptionApplicationPayloadRecord & { notice: ApplicationEventNoticeRecord | null }> {
  const today = ctx.today();
  const filing = normaliseApplicationFiling(input, today);
  const key = `${ctx.user.agencyId}|${filing.idempotencyKey}`;
  const fingerprint = applicationFingerprint(filing);
  return ctx.db.write({ operation: 'mutation.fileResumptionApplication', requestId: ctx.requestId }, async (tx) => {
    const claimed = await cypher.claimIdempotencyKey(tx, key, fingerprint, at);
    if (claimed.applicationId !== null) {
      if (claimed.fingerprint !== fingerprint) {
        throw conflict(
          `idempotency key ${JSON.stringify(filing.idempotencyKey)} was already used by ${ctx.user.agencyId} for a different filing (application ${claimed.applicationId}); use a new key for a new filing`,
        );
      }
      return { application: await requireApplication(tx, claimed.applicationId), replayed: true, notice: null };
    }
    const governing = await governingAgenciesOfEnterprise(tx, filing.enterpriseId);
    const facts = await cypher.enterpriseFacts(tx, filing.enterpriseId);
    if (governing === null || facts === null) throw invalidInput([{ path: 'input.enterpriseId', message: `no enterprise has id ${JSON.stringify(filing.enterpriseId)}` }]);
    authorize(ctx.user, { kind: 'fileApplication', enterpriseId: filing.enterpriseId, governingAgencyIds: governing });
    if (facts.status === 'OPERATING') {
      throw invalidInput([{ path: 'input.enterpriseId', message: `enterprise ${filing.enterpriseId} is already OPERATING: only a firm that has not resumed applies to` }]);
    }
    if (facts.workforce > 0 && filing.workforceReturning > facts.workforce) {
      throw invalidInput([{ path: 'input.workforceReturning', message: `${filing.workforceReturning} is more than the enterprise's workforce of ${facts.workforce}` }]);
    }
    const open = await cypher.lockOpenApplication(tx, filing.enterpriseId);
    if (open !== null) {
      throw conflict(`enterprise ${filing.enterpriseId} already has open resumption application ${open}; decide or withdraw it before filing another`);
    }
    const { id, n: seq } = await issueApiId(tx, 'ResumptionApplication');
    await cypher.createApplication(tx, { ...filing, id, seq, filedOn: today, filerAgencyId: ctx.user.agencyId, at });
    const event = await appendEvent(tx, ctx, { applicationId: id, kind: 'FILED', at, note: filing.note });
    await cypher.recordIdempotencyResult(tx, key, id);
    const application = await requireApplication(tx, id);
    return { application, replayed: false, notice: { application, event } };
  });
}

/** The permission a step needs where the application stands: the applicant's side withdraws, the city decides what it rechecks, the district the rest. */
function stepAction(application: ResumptionApplicationRecord, transition: ApplicationTransition): Action {
  const actor = actorOf(application.status, transition);
  if (actor === 'APPLICANT') return { kind: 'withdrawApplication', application };
  if (actor === 'CITY') return { kind: 'recheckApplication', verb: transition === 'APPROVE' ? 'approve' : 'refuse', application };
  return { kind: 'reviewApplication', verb: APPLICATION_STEPS[transition].verb as ApplicationReviewVerb, application };
}

/** The steps the caller may take now: allowed by the status machine and permitted to the caller, decided as the mutations decide. */
export function availableApplicationTransitions(ctx: Pick<GraphQLContext, 'applications' | 'user'>, application: ResumptionApplicationRecord): ApplicationTransition[] {
  return allowedApplicationTransitions(stateOf(ctx, application)).filter((transition) => decide(ctx.user, stepAction(application, transition)).allowed);
}

/**
 * Moves an application one step along its status machine; refused steps
 * change nothing. `text` is the note, or the reason of a refusal;
 * `receivedOn` the day documents arrived.
 */
export async function stepApplication(
  ctx: GraphQLContext,
  id: string,
  transition: ApplicationTransition,
  text: string | null,
  options: { receivedOn?: string; at?: string } = {},
): Promise<ApplicationChange> {
  const at = options.at ?? new Date().toISOString();
  const today = ctx.today();
  const step = APPLICATION_STEPS[transition];
  return ctx.db.write({ operation: `mutation.${step.mutation}`, requestId: ctx.requestId }, async (tx) => {
    const application = await cypher.lockApplication(tx, id);
    if (!application) throw notFound('resumption application', id, 'id');
    authorize(ctx.user, stepAction(application, transition));
    const state = stateOf(ctx, application);
    const to = nextApplicationStatus(state, transition);
    if (to === null) throw invalidTransition(applicationRefusal(id, state, transition), application.status);
    if (transition === 'RECEIVE_DOCUMENTS' && options.receivedOn !== undefined && options.receivedOn < application.filedOn) {
      throw badUserInput('on', `${options.receivedOn} is before the application was filed (${application.filedOn})`);
    }

    let statusChange: StatusChangeInTransaction | null = null;
    // An enterprise that resumed meanwhile (set OPERATING directly) keeps running: approval never stops a firm.
    const running = transition === 'APPROVE' && (await cypher.enterpriseFacts(tx, application.enterpriseId))?.status === 'OPERATING';
    if (transition === 'APPROVE' && !running) {
      // The planned day decides: a restart due already happens now; a later one is announced, so expected ready dates count it.
      const resumesNow = application.plannedDate <= today;
      statusChange = await changeStatusIn(tx, ctx, {
        enterpriseId: application.enterpriseId,
        status: resumesNow ? 'OPERATING' : 'SUSPENDED',
        expectedResumeDate: resumesNow ? null : application.plannedDate,
      });
    }
    const decides = transition === 'APPROVE' || transition === 'REFUSE';
    await cypher.applyStep(
      tx,
      id,
      {
        ...(decides ? { decidedOn: today } : {}),
        ...(transition === 'REFUSE' && text !== null ? { refusalReason: text } : {}),
        ...(transition === 'RECEIVE_DOCUMENTS' ? { documentsReceivedOn: options.receivedOn ?? today } : {}),
      },
      !isOpenApplication(to),
    );
    const event = await appendEvent(tx, ctx, { applicationId: id, kind: step.event, at, note: text, ...(to !== application.status ? { status: to } : {}) });
    return { notice: { application: await requireApplication(tx, id), event }, statusChange };
  });
}

/** The application as a write left it, for the rest of this operation: its fields and events are read afresh. */
export function rememberApplication(ctx: Pick<GraphQLContext, 'loaders'>, application: ResumptionApplicationRecord): ResumptionApplicationRecord {
  ctx.loaders.applicationById.clear(application.id).prime(application.id, application);
  ctx.loaders.eventsOfApplication.clear(application.id);
  return application;
}

/** After the commit: the event reaches the inbox, an approval's status change its consequences; returns the application as it now is. */
export function applicationChanged(ctx: GraphQLContext, change: ApplicationChange): ResumptionApplicationRecord {
  ctx.applicationEvents.publish(change.notice);
  if (change.statusChange) statusChangeCommitted(ctx, change.statusChange);
  return rememberApplication(ctx, change.notice.application);
}

export function findApplication(ctx: Pick<GraphQLContext, 'loaders'>, id: string): Promise<ResumptionApplicationRecord | null> {
  return ctx.loaders.applicationById.load(id);
}

export function eventsOfApplication(ctx: Pick<GraphQLContext, 'loaders'>, id: string): Promise<ApplicationEventRecord[]> {
  return ctx.loaders.eventsOfApplication.load(id);
}

/** The reviewer's queue: oldest filing first, counted only when asked; the cursor is the last id seen. */
export async function applicationsPage(
  ctx: GraphQLContext,
  filter: ResumptionApplicationFilter,
  first: number | null | undefined,
  afterCursor: string | null | undefined,
): Promise<ResumptionApplicationConnectionRecord> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const search: cypher.ApplicationSearch = {
    regionCode: filter.regionCode ?? null,
    status: filter.status ?? null,
    overdueDocuments: filter.overdueDocuments ?? null,
    agencyId: filter.agencyId ?? null,
    today: ctx.today(),
  };
  const meta = { operation: 'query.resumptionApplications', requestId: ctx.requestId };
  if (search.regionCode !== null && !(await ctx.loaders.regionByCode.load(search.regionCode))) throw notFound('region', search.regionCode, 'filter.regionCode');
  const rows = await ctx.db.read(meta, (tx) => cypher.searchApplications(tx, search, after, size + 1));
  for (const row of rows) ctx.loaders.applicationById.prime(row.id, row);
  return countedPage(rows, size, (r) => r.id, after, () => ctx.db.read({ ...meta, operation: 'query.resumptionApplications.count' }, (tx) => cypher.countApplications(tx, search)));
}

/** Filed, decided and open applications of a region's subtree filed within [from, to]. */
export async function resumptionStats(ctx: GraphQLContext, regionCode: string, from: string, to: string): Promise<ResumptionStatsRecord> {
  if (from > to) throw badUserInput('to', `${to} is before from (${from}); give the period's first day as from and its last as to`);
  const rows = await ctx.db.read({ operation: 'query.resumptionStats', requestId: ctx.requestId }, (tx) => cypher.statsRows(tx, regionCode, from, to));
  if (rows === null) throw notFound('region', regionCode, 'regionCode');
  return { regionCode, from, to, ...resumptionFigures(rows) };
}
