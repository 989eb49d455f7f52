/**
 * Logistics restrictions through the API: read, imposed and lifted. A change
 * commits in one transaction with everything that follows from it: its
 * event on the shared log, its record with the next seq of the ableness
 * lock (which every read model replays, analysis/model.ts) and `able0`
 * brought up to date downstream of the edges it applies to, so that the
 * next answer on any replica counts it. Once committed, the change reaches
 * the live inbox of the agencies governing the restriction (its region, or
 * for an edge the supplier's, and every region above), and a lifting tells
 * each open request on the restriction (TARGET_RESUMED, with the plants
 * ready from the day deliveries move again).
 */
import type { ImposeRestrictionInput, RestrictionFilter } from '../../generated/graphql.ts';
import type { Tx } from '../../neo4j/database.ts';
import { restrictionCustomers } from '../analysis/cypher.ts';
import type { GraphQLContext } from '../context.ts';
import { appendTargetResumed, openRequestsOnRestriction, type RequestEventNoticeRecord } from '../coordination/index.ts';
import { readyPlants } from '../analysis/answers.ts';
import { published } from '../coordination/publish.ts';
import { assertMayRestrict } from '../identity/permissions.ts';
import { issueApiId } from '../shared/api-ids.ts';
import { badUserInput, notFound } from '../shared/errors.ts';
import { appendLoggedEvent, loggedEventsOf } from '../shared/event-log.ts';
import { countedPage, decodeCursor, pageSize } from '../shared/pagination.ts';
import * as cypher from './cypher.ts';
import type {
  ImposeRestrictionPayloadRecord,
  RestrictionConnectionRecord,
  RestrictionEventKind,
  RestrictionEventNoticeRecord,
  RestrictionEventRecord,
  RestrictionRecord,
} from './mappers.ts';
import { impositionFingerprint, normaliseImposition } from './validation.ts';

type Reader = Pick<GraphQLContext, 'loaders'>;

export function findRestriction(ctx: Reader, id: string): Promise<RestrictionRecord | null> {
  return ctx.loaders.restrictionById.load(id);
}

export async function restrictionOf(ctx: Reader, id: string, argument?: string): Promise<RestrictionRecord> {
  const restriction = await findRestriction(ctx, id);
  if (!restriction) throw notFound('restriction', id, argument);
  return restriction;
}

/** In force on the day: from ≤ day < until (DOMAIN.md, "Logistics"). */
export function inForceOn(restriction: Pick<RestrictionRecord, 'from' | 'until'>, day: string): boolean {
  return restriction.from <= day && (restriction.until === null || day < restriction.until);
}

export function eventsOfRestriction(ctx: Reader, id: string): Promise<RestrictionEventRecord[]> {
  return ctx.loaders.eventsOfRestriction.load(id);
}

export async function restrictionsPage(
  ctx: GraphQLContext,
  filter: RestrictionFilter,
  first: number | null | undefined,
  afterCursor: string | null | undefined,
): Promise<RestrictionConnectionRecord> {
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const search: cypher.RestrictionSearch = { regionCode: filter.regionCode ?? null, inForceOn: filter.inForceOn ?? null };
  if (search.regionCode !== null && !(await ctx.loaders.regionByCode.load(search.regionCode))) throw notFound('region', search.regionCode, 'filter.regionCode');
  const meta = { operation: 'query.restrictions', requestId: ctx.requestId };
  const rows = await ctx.db.read(meta, (tx) => cypher.searchRestrictions(tx, search, after, size + 1));
  for (const row of rows) ctx.loaders.restrictionById.prime(row.id, row);
  return countedPage(rows, size, (r) => r.id, after, () => ctx.db.read({ ...meta, operation: 'query.restrictions.count' }, (tx) => cypher.countRestrictions(tx, search)));
}

/**
 * Imposes a restriction, or (same idempotency key from the same agency)
 * returns the one a first call imposed and changes nothing. What it names
 * must exist (the edge, or the region) and the caller must govern it.
 */
export async function imposeRestriction(ctx: GraphQLContext, input: ImposeRestrictionInput): Promise<ImposeRestrictionPayloadRecord> {
  const imposition = normaliseImposition(input);
  const { restriction } = imposition;
  const key = `${ctx.user.agencyId}|${imposition.idempotencyKey}`;
  const fingerprint = impositionFingerprint(imposition);
  const outcome = await ctx.db.write({ operation: 'mutation.imposeRestriction', requestId: ctx.requestId }, async (tx) => {
    if (restriction.supply !== null && !(await cypher.supplyEdgeExists(tx, restriction.supply))) {
      const { supplier, customer, component } = restriction.supply;
      throw badUserInput('input.supply', `enterprise ${supplier} does not supply ${component} to ${customer}; name an existing supply edge (see Enterprise.suppliesTo)`);
    }
    if (restriction.region !== null && !(await ctx.loaders.regionByCode.load(restriction.region))) {
      throw badUserInput('input.region', `region ${JSON.stringify(restriction.region)} does not exist; give a region code of the dataset (see Query.regions)`);
    }
    const governing = await assertMayRestrict(tx, ctx.user, 'impose', { id: null, supplier: restriction.supply?.supplier ?? null, region: restriction.region });
    const at = new Date().toISOString();
    const claimed = await cypher.claimRestrictionKey(tx, key, fingerprint, at);
    if (claimed.restrictionId !== null) {
      if (claimed.fingerprint !== fingerprint) {
        throw badUserInput(
          'input.idempotencyKey',
          `idempotency key ${JSON.stringify(imposition.idempotencyKey)} was already used by ${ctx.user.agencyId} for another restriction (${claimed.restrictionId}); use a new key for a new restriction`,
        );
      }
      const first = await cypher.restrictionsByIds(tx, [claimed.restrictionId]);
      return { restriction: first[0]!, created: false, notice: null };
    }
    const { id } = await issueApiId(tx, 'Restriction');
    const record: RestrictionRecord = { id, ...restriction };
    await cypher.createRestriction(tx, record);
    await cypher.recordRestrictionKey(tx, key, id);
    const event = await changed(tx, ctx, id, 'IMPOSED', restriction.note, at);
    return { restriction: record, created: true, notice: { restriction: record, event, agencyIds: governing } };
  });
  if (outcome.notice !== null) ctx.restrictionEvents.publish(outcome.notice);
  ctx.loaders.restrictionById.clear(outcome.restriction.id).prime(outcome.restriction.id, outcome.restriction);
  ctx.loaders.eventsOfRestriction.clear(outcome.restriction.id);
  return { restriction: outcome.restriction, created: outcome.created };
}

/**
 * Sets the restriction's end to `on` (default today), which must be after
 * its start. Lifting again on the same day changes nothing and records
 * nothing.
 */
export async function liftRestriction(ctx: GraphQLContext, id: string, onArgument: string | null | undefined): Promise<RestrictionRecord> {
  const on = onArgument ?? ctx.today();
  const outcome = await ctx.db.write({ operation: 'mutation.liftRestriction', requestId: ctx.requestId }, async (tx): Promise<{
    lifted: RestrictionRecord;
    notice: RestrictionEventNoticeRecord | null;
    requestNotices: RequestEventNoticeRecord[];
  }> => {
    const restriction = await cypher.lockedRestriction(tx, id);
    if (!restriction) throw notFound('restriction', id, 'id');
    if (on <= restriction.from) {
      throw badUserInput('on', `${on} is not after the restriction's from (${restriction.from}): on is the first day deliveries move again`);
    }
    const governing = await assertMayRestrict(tx, ctx.user, 'lift', { id, supplier: restriction.supply?.supplier ?? null, region: restriction.region });
    if (restriction.until === on) return { lifted: restriction, notice: null, requestNotices: [] };
    await cypher.setRestrictionUntil(tx, id, on);
    const note = restriction.until === null ? `解除 (lifted from ${on})` : `解除日期由 ${restriction.until} 改为 ${on} (end moved from ${restriction.until} to ${on})`;
    const at = new Date().toISOString();
    const event = await changed(tx, ctx, id, 'LIFTED', note, at);
    const lifted = { ...restriction, until: on };
    // Ready from the first day deliveries move again, or today when that has passed.
    const readyOn = on > ctx.today() ? on : ctx.today();
    const requestNotices: RequestEventNoticeRecord[] = [];
    for (const request of await openRequestsOnRestriction(tx, id)) {
      const readyPlantIds = await readyPlants(tx, request.plantIds, readyOn);
      requestNotices.push(
        await appendTargetResumed(tx, {
          requestId: request.id,
          actor: { userId: ctx.user.id, agencyId: ctx.user.agencyId },
          at,
          readyPlantIds,
          note: `物流限制已解除，${on} 起恢复运输 (restriction ${id} lifted from ${on}; ready plants as of ${readyOn})`,
        }),
      );
    }
    return { lifted, notice: { restriction: lifted, event, agencyIds: governing }, requestNotices };
  });
  if (outcome.notice !== null) ctx.restrictionEvents.publish(outcome.notice);
  for (const notice of outcome.requestNotices) published(ctx, notice);
  ctx.loaders.restrictionById.clear(id).prime(id, outcome.lifted);
  ctx.loaders.eventsOfRestriction.clear(id);
  return outcome.lifted;
}

/** What every change of a restriction writes with it: its event, its record in the seq order, and able0 downstream. */
async function changed(tx: Tx, ctx: GraphQLContext, id: string, kind: RestrictionEventKind, note: string | null, at: string): Promise<RestrictionEventRecord> {
  const logged = await appendLoggedEvent(tx, 'Restriction', { subjectId: id, kind, actor: ctx.user.id, agencyId: ctx.user.agencyId, at, note });
  if (!logged) throw new Error(`restriction ${id} vanished inside its own transaction`);
  await cypher.recordRestrictionChange(tx, id);
  await ctx.analysis.refreshAfterRestriction(tx, id, () => restrictionCustomers(tx, id));
  const { subjectId, readyPlantIds: _none, ...event } = logged;
  return { ...event, restrictionId: subjectId, kind };
}

/** The events of each restriction, oldest first, as the loader groups them. */
export async function restrictionEvents(tx: Tx, ids: readonly string[]): Promise<RestrictionEventRecord[]> {
  return (await loggedEventsOf(tx, 'Restriction', ids)).map(({ subjectId, readyPlantIds: _none, ...event }) => ({
    ...event,
    restrictionId: subjectId,
    kind: event.kind as RestrictionEventKind,
  }));
}
