/**
 * Mutual aid through the API (DOMAIN.md, "Mutual aid"): help requests and
 * offers posted and withdrawn, their matches, and loans agreed from them and
 * returned. Every change commits in one transaction with its event on the
 * shared log, and reaches the live inbox of the agencies governing each
 * enterprise concerned once it has committed. A loan agreed or returned is
 * also recorded with the next seq of the ableness lock, which every read
 * model replays (analysis/model.ts), so the next analysis answer on any
 * replica counts it; `able0` counts no stock, so no loan changes it.
 */
import { addDays } from '../../analysis/index.ts';
import type { AgreeLoanInput, HelpPostingFilter, LoanFilter, PostHelpOfferInput, PostHelpRequestInput } from '../../generated/graphql.ts';
import type { Tx } from '../../neo4j/database.ts';
import type { GraphQLContext } from '../context.ts';
import { assertMayAid, decide, governingAgenciesOfEnterprise } from '../identity/permissions.ts';
import { issueApiId } from '../shared/api-ids.ts';
import { badUserInput, conflict, notFound } from '../shared/errors.ts';
import { appendLoggedEvent, loggedEventsOf, type LoggedEvent } from '../shared/event-log.ts';
import { countedPage, decodeCursor, pageSize } from '../shared/pagination.ts';
import * as cypher from './cypher.ts';
import type {
  AgreeLoanPayloadRecord,
  AidEventKind,
  AidEventNoticeRecord,
  AidEventRecord,
  HelpMatchesRecord,
  HelpOfferConnectionRecord,
  HelpOfferRecord,
  HelpRequestConnectionRecord,
  HelpRequestRecord,
  LoanConnectionRecord,
  LoanRecord,
  PostHelpOfferPayloadRecord,
  PostHelpRequestPayloadRecord,
} from './mappers.ts';
import { fingerprint, normaliseAgreement, normaliseHelpOffer, normaliseHelpRequest, type HelpPosting } from './validation.ts';

type Reader = Pick<GraphQLContext, 'loaders'>;

export function findHelpRequest(ctx: Reader, id: string): Promise<HelpRequestRecord | null> {
  return ctx.loaders.helpRequestById.load(id);
}

export function findHelpOffer(ctx: Reader, id: string): Promise<HelpOfferRecord | null> {
  return ctx.loaders.helpOfferById.load(id);
}

export function findLoan(ctx: Reader, id: string): Promise<LoanRecord | null> {
  return ctx.loaders.loanById.load(id);
}

export function eventsOf(ctx: Reader, id: string): Promise<AidEventRecord[]> {
  return ctx.loaders.aidEventsOf.load(id);
}

/** An offer stands on `on` until withdrawn, through its last day. */
export function offerOpenOn(offer: HelpOfferRecord, on: string): boolean {
  return offer.withdrawnOn === null && on <= offer.availableUntil;
}

/** The first day the loan no longer meets the borrower's need: start + coverDays, or the day it was returned when earlier. */
export function loanEndsOn(loan: Pick<LoanRecord, 'start' | 'coverDays' | 'returnedOn'>): string {
  const covered = addDays(loan.start, loan.coverDays);
  return loan.returnedOn !== null && loan.returnedOn < covered ? loan.returnedOn : covered;
}

/** Open, and today after the day it was to be returned by. */
export function loanOverdue(loan: LoanRecord, today: string): boolean {
  return loan.returnedOn === null && loan.returnBy < today;
}

/** 0 same district, 1 same city, 2 same province, 3 elsewhere: as the analysis orders alternatives. */
function distance(a: cypher.Whereabouts, b: cypher.Whereabouts): number {
  if (a.district === b.district) return 0;
  if (a.city === b.city) return 1;
  if (a.province === b.province) return 2;
  return 3;
}

/**
 * Who could help the request on `asOf`: open offers of its component from
 * other enterprises, nearest first, then larger quantity, then id; then the
 * plant's alternatives as its readiness gives them for that input.
 */
export async function helpMatches(ctx: GraphQLContext, requestId: string, asOf: string): Promise<HelpMatchesRecord> {
  const request = await findHelpRequest(ctx, requestId);
  if (!request) throw notFound('help request', requestId, 'requestId');
  const { here, offers } = await ctx.db.read({ operation: 'query.helpMatches', requestId: ctx.requestId }, (tx) => cypher.offersFor(tx, request, asOf));
  const ranked = offers
    .map(({ offer, place }) => ({ offer, d: distance(here, place) }))
    .sort((a, b) => a.d - b.d || b.offer.quantity - a.offer.quantity || (a.offer.id < b.offer.id ? -1 : a.offer.id > b.offer.id ? 1 : 0))
    .map(({ offer }) => offer);
  for (const offer of ranked) ctx.loaders.helpOfferById.prime(offer.id, offer);
  const readiness = await ctx.analysis.readiness(ctx, request.enterpriseId, asOf);
  const blocked = readiness?.blockedInputs.find((input) => input.component === request.componentId);
  return { request, asOf, offers: ranked, alternativeIds: blocked?.alternatives ?? [] };
}

export async function loansPage(ctx: GraphQLContext, filter: LoanFilter, first: number | null | undefined, afterCursor: string | null | undefined): Promise<LoanConnectionRecord> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const search: cypher.LoanSearch = {
    agencyId: filter.agencyId ?? null,
    regionCode: filter.regionCode ?? null,
    overdue: filter.overdue ?? null,
    open: filter.open ?? null,
    today: ctx.today(),
  };
  if (search.regionCode !== null && !(await ctx.loaders.regionByCode.load(search.regionCode))) throw notFound('region', search.regionCode, 'filter.regionCode');
  if (search.agencyId !== null && !(await ctx.loaders.agencyById.load(search.agencyId))) throw notFound('agency', search.agencyId, 'filter.agencyId');
  const meta = { operation: 'query.loans', requestId: ctx.requestId };
  const rows = await ctx.db.read(meta, (tx) => cypher.searchLoans(tx, search, after, size + 1));
  for (const row of rows) ctx.loaders.loanById.prime(row.id, row);
  return countedPage(rows, size, (l) => l.id, after, () => ctx.db.read({ ...meta, operation: 'query.loans.count' }, (tx) => cypher.countLoans(tx, search)));
}

async function postingSearch(ctx: GraphQLContext, filter: HelpPostingFilter): Promise<cypher.PostingSearch> {
  const search: cypher.PostingSearch = { agencyId: filter.agencyId ?? null, regionCode: filter.regionCode ?? null, open: filter.open ?? null, today: ctx.today() };
  if (search.regionCode !== null && !(await ctx.loaders.regionByCode.load(search.regionCode))) throw notFound('region', search.regionCode, 'filter.regionCode');
  if (search.agencyId !== null && !(await ctx.loaders.agencyById.load(search.agencyId))) throw notFound('agency', search.agencyId, 'filter.agencyId');
  return search;
}

export async function helpRequestsPage(ctx: GraphQLContext, filter: HelpPostingFilter, first: number | null | undefined, afterCursor: string | null | undefined): Promise<HelpRequestConnectionRecord> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const search = await postingSearch(ctx, filter);
  const meta = { operation: 'query.helpRequests', requestId: ctx.requestId };
  const rows = await ctx.db.read(meta, (tx) => cypher.searchHelpRequests(tx, search, after, size + 1));
  for (const row of rows) ctx.loaders.helpRequestById.prime(row.id, row);
  return countedPage(rows, size, (h) => h.id, after, () => ctx.db.read({ ...meta, operation: 'query.helpRequests.count' }, (tx) => cypher.countPostings(tx, 'HelpRequest', search)));
}

export async function helpOffersPage(ctx: GraphQLContext, filter: HelpPostingFilter, first: number | null | undefined, afterCursor: string | null | undefined): Promise<HelpOfferConnectionRecord> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const search = await postingSearch(ctx, filter);
  const meta = { operation: 'query.helpOffers', requestId: ctx.requestId };
  const rows = await ctx.db.read(meta, (tx) => cypher.searchHelpOffers(tx, search, after, size + 1));
  for (const row of rows) ctx.loaders.helpOfferById.prime(row.id, row);
  return countedPage(rows, size, (o) => o.id, after, () => ctx.db.read({ ...meta, operation: 'query.helpOffers.count' }, (tx) => cypher.countPostings(tx, 'HelpOffer', search)));
}

/**
 * Whether the signed-in user acts for the enterprise's side in mutual aid,
 * as the mutations decide it (the same rule, asked without acting), so the
 * page offers only what the server would accept.
 */
export async function mayActFor(ctx: GraphQLContext, side: 'borrower' | 'lender', enterpriseId: string): Promise<boolean> {
  const governing = (await ctx.loaders.aidSidesOf.load(enterpriseId))?.agencyIds ?? [];
  return decide(ctx.user, { kind: 'aid', side, what: 'act', enterpriseId, governingAgencyIds: governing }).allowed;
}

async function newId(tx: Tx, subject: cypher.AidSubject): Promise<string> {
  return (await issueApiId(tx, subject)).id;
}

/** A retry with the key of a first call: its subject when it asked for the same, CONFLICT when for something else. */
async function replayed(tx: Tx, ctx: GraphQLContext, subject: cypher.AidSubject, key: string, print: string, at: string): Promise<string | null> {
  const claimed = await cypher.claimKey(tx, subject, `${ctx.user.agencyId}|${key}`, print, at);
  if (claimed.subjectId === null) return null;
  if (claimed.fingerprint !== print) {
    throw conflict(`idempotency key ${JSON.stringify(key)} was already used by ${ctx.user.agencyId} for something else (${claimed.subjectId}); use a new key for a new ${subject === 'Loan' ? 'loan' : 'posting'}`);
  }
  return claimed.subjectId;
}

function toEvent(logged: LoggedEvent): AidEventRecord {
  const { readyPlantIds: _none, ...event } = logged;
  return { ...event, kind: event.kind as AidEventKind };
}

/** Appends the subject's event (call with it locked or just created). */
async function logged(tx: Tx, ctx: GraphQLContext, subject: cypher.AidSubject, id: string, kind: AidEventKind, note: string | null, at: string): Promise<AidEventRecord> {
  const event = await appendLoggedEvent(tx, subject, { subjectId: id, kind, actor: ctx.user.id, agencyId: ctx.user.agencyId, at, note });
  return toEvent(event!);
}

/** What a change returns: its subject, and the notice to publish once committed (none when nothing changed). */
interface Change<T> {
  value: T;
  notice: AidEventNoticeRecord | null;
}

function publish<T>(ctx: GraphQLContext, change: Change<T>, forget: () => void): T {
  forget();
  if (change.notice) ctx.aidEvents.publish(change.notice);
  return change.value;
}

function noticeOf(event: AidEventRecord, agencyIds: readonly string[], subject: Partial<Pick<AidEventNoticeRecord, 'helpRequest' | 'helpOffer' | 'loan'>>): AidEventNoticeRecord {
  return { event, helpRequest: subject.helpRequest ?? null, helpOffer: subject.helpOffer ?? null, loan: subject.loan ?? null, agencyIds: [...new Set(agencyIds)].sort() };
}

const SIDE = { HelpRequest: 'borrower', HelpOffer: 'lender' } as const;
const WHAT = { HelpRequest: 'help request', HelpOffer: 'help offer' } as const;

/** Checks what a posting names and the caller's side, claims its key, and creates it (or finds the first call's). */
async function post(ctx: GraphQLContext, subject: 'HelpRequest' | 'HelpOffer', posting: HelpPosting): Promise<Change<{ id: string; created: boolean }>> {
  const print = fingerprint({ subject, ...posting, idempotencyKey: undefined });
  return ctx.db.write({ operation: `mutation.post${subject}`, requestId: ctx.requestId }, async (tx) => {
    if (!(await ctx.loaders.enterpriseById.load(posting.enterpriseId))) throw notFound('enterprise', posting.enterpriseId, 'input.enterpriseId');
    if (!(await cypher.componentExists(tx, posting.componentId))) throw notFound('component', posting.componentId, 'input.component');
    const governing = await assertMayAid(tx, ctx.user, SIDE[subject], `post a ${WHAT[subject]} for enterprise ${posting.enterpriseId}`, posting.enterpriseId);
    const at = new Date().toISOString();
    const first = await replayed(tx, ctx, subject, posting.idempotencyKey, print, at);
    if (first !== null) return { value: { id: first, created: false }, notice: null };
    const id = await newId(tx, subject);
    const { enterpriseId, componentId, quantity, unit, note } = posting;
    let record: { helpRequest: HelpRequestRecord } | { helpOffer: HelpOfferRecord };
    if (subject === 'HelpRequest') {
      const helpRequest: HelpRequestRecord = { id, enterpriseId, componentId, quantity, unit, neededBy: posting.day, note, withdrawnOn: null };
      await cypher.createHelpRequest(tx, helpRequest);
      record = { helpRequest };
    } else {
      const helpOffer: HelpOfferRecord = { id, enterpriseId, componentId, quantity, unit, availableUntil: posting.day, note, withdrawnOn: null };
      await cypher.createHelpOffer(tx, helpOffer);
      record = { helpOffer };
    }
    await cypher.recordKey(tx, subject, `${ctx.user.agencyId}|${posting.idempotencyKey}`, id);
    const event = await logged(tx, ctx, subject, id, 'POSTED', note, at);
    return { value: { id, created: true }, notice: noticeOf(event, governing, record) };
  });
}

export async function postHelpRequest(ctx: GraphQLContext, input: PostHelpRequestInput): Promise<PostHelpRequestPayloadRecord> {
  const change = await post(ctx, 'HelpRequest', normaliseHelpRequest(input, ctx.today()));
  const { id, created } = publish(ctx, change, () => {
    ctx.loaders.helpRequestById.clear(change.value.id);
    ctx.loaders.aidEventsOf.clear(change.value.id);
  });
  return { helpRequest: (await findHelpRequest(ctx, id))!, created };
}

export async function postHelpOffer(ctx: GraphQLContext, input: PostHelpOfferInput): Promise<PostHelpOfferPayloadRecord> {
  const change = await post(ctx, 'HelpOffer', normaliseHelpOffer(input, ctx.today()));
  const { id, created } = publish(ctx, change, () => {
    ctx.loaders.helpOfferById.clear(change.value.id);
    ctx.loaders.aidEventsOf.clear(change.value.id);
  });
  return { helpOffer: (await findHelpOffer(ctx, id))!, created };
}

/** Withdraws the request or offer today, by its poster's side; an already withdrawn one is returned as it is. */
async function withdraw<T extends HelpRequestRecord | HelpOfferRecord>(ctx: GraphQLContext, subject: 'HelpRequest' | 'HelpOffer', id: string): Promise<T> {
  const today = ctx.today();
  const change = await ctx.db.write({ operation: `mutation.withdraw${subject}`, requestId: ctx.requestId }, async (tx): Promise<Change<T>> => {
    const current = (subject === 'HelpRequest' ? await cypher.lockedHelpRequest(tx, id) : await cypher.lockedHelpOffer(tx, id)) as T | null;
    if (!current) throw notFound(WHAT[subject], id, 'id');
    const governing = await assertMayAid(tx, ctx.user, SIDE[subject], `withdraw ${WHAT[subject]} ${id}`, current.enterpriseId);
    if (current.withdrawnOn !== null) return { value: current, notice: null };
    await cypher.setWithdrawn(tx, subject, id, today);
    const withdrawn = { ...current, withdrawnOn: today };
    const event = await logged(tx, ctx, subject, id, 'WITHDRAWN', null, new Date().toISOString());
    const record = subject === 'HelpRequest' ? { helpRequest: withdrawn as HelpRequestRecord } : { helpOffer: withdrawn as HelpOfferRecord };
    return { value: withdrawn, notice: noticeOf(event, governing, record) };
  });
  return publish(ctx, change, () => {
    (subject === 'HelpRequest' ? ctx.loaders.helpRequestById : ctx.loaders.helpOfferById).clear(id);
    ctx.loaders.aidEventsOf.clear(id);
  });
}

export function withdrawHelpRequest(ctx: GraphQLContext, id: string): Promise<HelpRequestRecord> {
  return withdraw<HelpRequestRecord>(ctx, 'HelpRequest', id);
}

export function withdrawHelpOffer(ctx: GraphQLContext, id: string): Promise<HelpOfferRecord> {
  return withdraw<HelpOfferRecord>(ctx, 'HelpOffer', id);
}

/** What every change of a loan writes with it besides its event: its record in the seq order the read models replay. */
async function loanChanged(tx: Tx, id: string): Promise<void> {
  await cypher.recordLoanChange(tx, id);
}

/**
 * Agrees a loan of the offer's stock to the request's enterprise, by the
 * lender's side; or (same idempotency key from the same agency) returns the
 * loan a first call agreed and changes nothing.
 */
export async function agreeLoan(ctx: GraphQLContext, input: AgreeLoanInput): Promise<AgreeLoanPayloadRecord> {
  const agreement = normaliseAgreement(input);
  const print = fingerprint({ ...agreement, idempotencyKey: undefined });
  const change = await ctx.db.write({ operation: 'mutation.agreeLoan', requestId: ctx.requestId }, async (tx): Promise<Change<{ id: string; created: boolean }>> => {
    const request = await cypher.lockedHelpRequest(tx, agreement.requestId);
    if (!request) throw notFound('help request', agreement.requestId, 'input.requestId');
    const offer = await cypher.lockedHelpOffer(tx, agreement.offerId);
    if (!offer) throw notFound('help offer', agreement.offerId, 'input.offerId');
    const governing = await assertMayAid(tx, ctx.user, 'lender', `agree a loan from help offer ${offer.id}`, offer.enterpriseId);
    const at = new Date().toISOString();
    const first = await replayed(tx, ctx, 'Loan', agreement.idempotencyKey, print, at);
    if (first !== null) return { value: { id: first, created: false }, notice: null };
    if (request.withdrawnOn !== null) {
      throw badUserInput('input.requestId', `help request ${request.id} was withdrawn on ${request.withdrawnOn}; agree a loan on an open request (see Query.helpRequest)`);
    }
    if (offer.withdrawnOn !== null) {
      throw badUserInput('input.offerId', `help offer ${offer.id} was withdrawn on ${offer.withdrawnOn}; choose an open offer (see Query.helpMatches)`);
    }
    if (offer.enterpriseId === request.enterpriseId) {
      throw badUserInput('input.offerId', `help offer ${offer.id} is from ${offer.enterpriseId}, the enterprise that asked; choose another enterprise's offer (see Query.helpMatches)`);
    }
    if (offer.componentId !== request.componentId) {
      throw badUserInput('input.offerId', `help offer ${offer.id} is of component ${offer.componentId}, but request ${request.id} asks for ${request.componentId}; choose an offer of the same component (see Query.helpMatches)`);
    }
    if (offer.unit !== request.unit) {
      throw badUserInput('input.offerId', `help offer ${offer.id} counts in ${JSON.stringify(offer.unit)}, but request ${request.id} in ${JSON.stringify(request.unit)}; agree on one unit and post the offer or request again in it`);
    }
    // What the offer's open loans have lent is not there to lend again until returned; the offer is locked, so two agreements cannot both take it.
    const lent = (await cypher.loansOf(tx, 'offerId', [offer.id])).filter((l) => l.returnedOn === null).reduce((sum, l) => sum + l.quantity, 0);
    const available = offer.quantity - lent;
    if (agreement.quantity > available) {
      throw badUserInput(
        'input.quantity',
        `${agreement.quantity} is more than help offer ${offer.id} has available (${available} ${offer.unit} of ${offer.quantity}, ${lent} lent in open loans); lend at most that`,
      );
    }
    if (agreement.start > offer.availableUntil) {
      throw badUserInput('input.start', `${agreement.start} is after help offer ${offer.id} stands (until ${offer.availableUntil}); start on or before that day`);
    }
    const id = await newId(tx, 'Loan');
    const loan: LoanRecord = {
      id,
      lenderId: offer.enterpriseId,
      borrowerId: request.enterpriseId,
      componentId: request.componentId,
      quantity: agreement.quantity,
      unit: request.unit,
      coverDays: agreement.coverDays,
      start: agreement.start,
      returnBy: agreement.returnBy,
      returnedOn: null,
      requestId: request.id,
      offerId: offer.id,
    };
    await cypher.createLoan(tx, loan);
    await cypher.recordKey(tx, 'Loan', `${ctx.user.agencyId}|${agreement.idempotencyKey}`, id);
    const event = await logged(tx, ctx, 'Loan', id, 'AGREED', `${loan.quantity} ${loan.unit}: ${request.id} ← ${offer.id}`, at);
    await loanChanged(tx, id);
    const borrowerSide = await borrowerAgencies(tx, request.enterpriseId);
    return { value: { id, created: true }, notice: noticeOf(event, [...governing, ...borrowerSide], { loan }) };
  });
  const { id, created } = publish(ctx, change, () => {
    ctx.loaders.loanById.clear(change.value.id);
    ctx.loaders.aidEventsOf.clear(change.value.id);
    ctx.loaders.loansOfRequest.clear(agreement.requestId);
    ctx.loaders.loansOfOffer.clear(agreement.offerId);
  });
  return { loan: (await findLoan(ctx, id))!, created };
}

/** The agencies governing the borrower: told of a loan as the lender's are, though they do not act on it. */
async function borrowerAgencies(tx: Tx, borrowerId: string): Promise<string[]> {
  return (await governingAgenciesOfEnterprise(tx, borrowerId)) ?? [];
}

/**
 * Records the loan's return on `on` (default today), on or after its start,
 * by the lender's side. The same day again changes nothing; another day is
 * refused, as the return is a fact recorded once.
 */
export async function recordLoanReturn(ctx: GraphQLContext, id: string, onArgument: string | null | undefined): Promise<LoanRecord> {
  const on = onArgument ?? ctx.today();
  const change = await ctx.db.write({ operation: 'mutation.recordLoanReturn', requestId: ctx.requestId }, async (tx): Promise<Change<LoanRecord>> => {
    const loan = await cypher.lockedLoan(tx, id);
    if (!loan) throw notFound('loan', id, 'loanId');
    const lenderSide = await assertMayAid(tx, ctx.user, 'lender', `record the return of loan ${id}`, loan.lenderId);
    if (loan.returnedOn === on) return { value: loan, notice: null };
    if (loan.returnedOn !== null) {
      throw badUserInput('on', `loan ${id} was recorded returned on ${loan.returnedOn} already; a return is recorded once`);
    }
    if (on < loan.start) {
      throw badUserInput('on', `${on} is before the loan's start (${loan.start}); give the day the stock came back, on or after its start`);
    }
    await cypher.setReturned(tx, id, on);
    const returned = { ...loan, returnedOn: on };
    const event = await logged(tx, ctx, 'Loan', id, 'RETURNED', `归还 (returned on ${on})`, new Date().toISOString());
    await loanChanged(tx, id);
    const borrowerSide = await borrowerAgencies(tx, loan.borrowerId);
    return { value: returned, notice: noticeOf(event, [...lenderSide, ...borrowerSide], { loan: returned }) };
  });
  return publish(ctx, change, () => {
    ctx.loaders.loanById.clear(id).prime(id, change.value);
    ctx.loaders.aidEventsOf.clear(id);
    ctx.loaders.loansOfRequest.clearAll();
    ctx.loaders.loansOfOffer.clearAll();
  });
}

/** The events of each subject, oldest first, as the loader groups them: one id names one subject, whichever kind. */
export async function aidEventsOf(tx: Tx, ids: readonly string[]): Promise<AidEventRecord[]> {
  const events: AidEventRecord[] = [];
  for (const subject of ['HelpRequest', 'HelpOffer', 'Loan'] as const) for (const event of await loggedEventsOf(tx, subject, ids)) events.push(toEvent(event));
  return events;
}
