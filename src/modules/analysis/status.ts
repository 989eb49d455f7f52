/**
 * Status changes: the one write path for an enterprise's status. The change,
 * its record (who, when, from what) and the recomputed `able0` flags commit
 * together, so no reader ever sees a status without its consequences.
 */
import type { Tx } from '../../neo4j/database.ts';
import type { EnterpriseStatus, MutationSetEnterpriseStatusArgs } from '../../generated/graphql.ts';
import type { GraphQLContext } from '../context.ts';
import { appendTargetResumed, openRequestsOnTarget } from '../coordination/requests.ts';
import type { RequestEventNoticeRecord } from '../coordination/mappers.ts';
import { assertMaySetStatus } from '../identity/permissions.ts';
import { badUserInput, notFound } from '../shared/errors.ts';
import { readyPlants } from './answers.ts';
import { NEXT_CHANGE_SEQ } from '../shared/change-seq.ts';
import type { StatusChangeRecord } from './mappers.ts';

const CHANGE = `{
  enterpriseId: e.id, previousStatus: c.previousStatus, status: c.status,
  expectedResumeDate: toString(c.expectedResumeDate), changedBy: c.changedBy,
  changedByAgencyId: c.changedByAgencyId, changedAt: toString(c.at)
}`;

/**
 * Changes an enterprise's status, in one transaction: the permission check
 * (against the enterprise's governing agencies), the change and its record,
 * the recomputed ableness downstream, and, when the enterprise resumes, a
 * TARGET_RESUMED event on each open request targeting it with the plants
 * now ready. Events are published only after the commit.
 */
export async function changeStatus(ctx: GraphQLContext, change: MutationSetEnterpriseStatusArgs): Promise<StatusChangeRecord> {
  const outcome = await ctx.db.write({ operation: 'mutation.setEnterpriseStatus', requestId: ctx.requestId }, (tx) => changeStatusIn(tx, ctx, change));
  return statusChangeCommitted(ctx, outcome);
}

/** A status change written inside a transaction, with the request events to publish once it commits. */
export interface StatusChangeInTransaction {
  record: StatusChangeRecord;
  enterpriseId: string;
  notices: RequestEventNoticeRecord[];
}

/**
 * `changeStatus` inside the caller's write transaction, for a change that is
 * part of a larger one (an approved resumption application): the same
 * checks and consequences, committed or rolled back with the caller's work.
 * After the commit, pass the result to `statusChangeCommitted`.
 */
export async function changeStatusIn(tx: Tx, ctx: GraphQLContext, change: MutationSetEnterpriseStatusArgs): Promise<StatusChangeInTransaction> {
  const { enterpriseId, status } = change;
  const expectedResumeDate = change.expectedResumeDate ?? null;
  if (expectedResumeDate !== null && status !== 'SUSPENDED') {
    throw badUserInput('expectedResumeDate', `only a SUSPENDED enterprise has an expected resume date; leave it out for ${status}`);
  }
  const actor = { userId: ctx.user.id, agencyId: ctx.user.agencyId };
  const asOf = ctx.today();
  // An unknown id is NOT_FOUND before any permission is judged: no agency governs what does not exist.
  await assertMaySetStatus(ctx, enterpriseId, { tx });
  const written = await writeStatus(tx, { enterpriseId, status, expectedResumeDate, actor });
  if (!written) throw notFound('enterprise', enterpriseId, 'enterpriseId');
  const notices: RequestEventNoticeRecord[] = [];
  if (written.changed) {
    await ctx.analysis.refreshAfterChange(tx, [enterpriseId]);
    if (status === 'OPERATING' && written.record.previousStatus !== 'OPERATING') {
      const at = new Date().toISOString();
      for (const request of await openRequestsOnTarget(tx, enterpriseId)) {
        const readyPlantIds = await readyPlants(tx, request.plantIds, asOf);
        notices.push(await appendTargetResumed(tx, { requestId: request.id, actor, at, readyPlantIds, note: `目标企业已复工 (${enterpriseId} resumed)` }));
      }
    }
  }
  return { record: written.record, enterpriseId, notices };
}

/** After the transaction of `changeStatusIn` committed: its events reach the inbox and the enterprise is read afresh. */
export function statusChangeCommitted(ctx: GraphQLContext, outcome: StatusChangeInTransaction): StatusChangeRecord {
  for (const notice of outcome.notices) ctx.requestEvents.publish(notice);
  ctx.loaders.enterpriseById.clear(outcome.enterpriseId);
  return outcome.record;
}

/** The recorded status changes of an enterprise, newest first. */
export function statusChangesOf(ctx: Pick<GraphQLContext, 'db' | 'requestId'>, enterpriseId: string): Promise<StatusChangeRecord[]> {
  return ctx.db.read({ operation: 'query.statusHistory', requestId: ctx.requestId }, (tx) => statusHistory(tx, enterpriseId));
}

export interface StatusWrite {
  enterpriseId: string;
  status: EnterpriseStatus;
  expectedResumeDate: string | null;
  /** Who changes it: the caller's user and the agency their token acts for, always recorded together. */
  actor: { userId: string; agencyId: string };
}

/**
 * Writes the status unless it is already the requested one (a retried call
 * must not record a second change), and returns the change and whether it
 * was new.
 *
 * The status is compared inside the write transaction, which took the
 * graph's write lock as its first statement (neo4j/ableness-lock.ts):
 * compared before it, concurrent identical calls each saw the old status
 * and each recorded a change; so no-op calls queue behind real ones
 * instead of racing them.
 */
export async function writeStatus(tx: Tx, change: StatusWrite): Promise<{ record: StatusChangeRecord; changed: boolean } | null> {
  const result = await tx.run<{ record: StatusChangeRecord | null; changed: boolean }>(
    `MATCH (e:Enterprise {id: $enterpriseId})
     WITH e, e.status = $status AND coalesce(toString(e.expectedResumeDate), '') = coalesce($expectedResumeDate, '') AS same
     CALL (e, same) {
       WITH e WHERE NOT same
       ${NEXT_CHANGE_SEQ}
       CREATE (c:StatusChange {
         seq: seqLock.seq,
         previousStatus: e.status, status: $status,
         // The clock read now, under the lock, not the transaction's start: a change that
         // waited for the lock is later than the one it waited for, as its seq is.
         at: datetime.realtime(),
         expectedResumeDate: CASE WHEN $expectedResumeDate IS NULL THEN null ELSE date($expectedResumeDate) END,
         changedBy: $userId, changedByAgencyId: $agencyId
       })-[:OF]->(e)
       SET e.status = $status,
           e.expectedResumeDate = CASE WHEN $expectedResumeDate IS NULL THEN null ELSE date($expectedResumeDate) END
       RETURN c
       UNION
       WITH e WHERE same
       OPTIONAL MATCH (c:StatusChange)-[:OF]->(e)
       WITH c ORDER BY c.at DESC, c.seq DESC LIMIT 1
       RETURN c
     }
     RETURN CASE WHEN c IS NULL THEN null ELSE ${CHANGE} END AS record, NOT same AS changed`,
    {
      enterpriseId: change.enterpriseId,
      status: change.status,
      expectedResumeDate: change.expectedResumeDate,
      userId: change.actor.userId,
      agencyId: change.actor.agencyId,
    },
  );
  const row = result.records[0];
  if (!row) return null;
  return { record: row.get('record') ?? unchangedRecord(change), changed: row.get('changed') };
}

/** A status set to what it already was, on an enterprise with no recorded change yet. */
function unchangedRecord(change: StatusWrite): StatusChangeRecord {
  return {
    enterpriseId: change.enterpriseId,
    previousStatus: change.status,
    status: change.status,
    expectedResumeDate: change.expectedResumeDate,
    changedBy: null,
    changedByAgencyId: null,
    changedAt: new Date().toISOString(),
  };
}

export async function statusHistory(tx: Tx, enterpriseId: string): Promise<StatusChangeRecord[]> {
  const result = await tx.run<{ c: StatusChangeRecord }>(
    // Sorted on the node's time before it is projected: the projected map has no `at`.
    `MATCH (c:StatusChange)-[:OF]->(e:Enterprise {id: $enterpriseId})
     WITH c, e ORDER BY c.at DESC, c.seq DESC
     RETURN ${CHANGE} AS c`,
    { enterpriseId },
  );
  return result.records.map((r) => r.get('c'));
}
