import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { badUserInput, notFound } from '../../../shared/errors.ts';
import { appendTargetResumed, openRequestsOnTarget } from '../../../coordination/index.ts';
import type { RequestEventNoticeRecord } from '../../../coordination/mappers.ts';
import { assertMaySetStatus } from '../../../identity/index.ts';
import { readyPlants } from '../../answers.ts';
import { writeStatus } from '../../status.ts';

/**
 * The one way a status changes. In one transaction: the permission check
 * (against the enterprise's governing agencies), the change and its record,
 * the recomputed ableness downstream, and, when the enterprise resumes, a
 * TARGET_RESUMED event on each open request targeting it with the plants
 * now ready. Events are published only after the commit.
 */
export const setEnterpriseStatus: MutationResolvers['setEnterpriseStatus'] = async (_parent, args, ctx) => {
  const expectedResumeDate = args.expectedResumeDate ?? null;
  if (expectedResumeDate !== null && args.status !== 'SUSPENDED') {
    throw badUserInput('expectedResumeDate', `only a SUSPENDED enterprise has an expected resume date; leave it out for ${args.status}`);
  }
  const actor = { userId: ctx.user.id, agencyId: ctx.user.agencyId };
  const asOf = ctx.today();
  const { outcome, notices } = await ctx.db.write({ operation: 'mutation.setEnterpriseStatus', requestId: ctx.requestId }, async (tx) => {
    await assertMaySetStatus(ctx, args.enterpriseId, { tx });
    const written = await writeStatus(tx, { enterpriseId: args.enterpriseId, status: args.status, expectedResumeDate, actor });
    const notices: RequestEventNoticeRecord[] = [];
    if (written?.changed) {
      await ctx.analysis.refreshAfterChange(tx, [args.enterpriseId]);
      if (args.status === 'OPERATING' && written.record.previousStatus !== 'OPERATING') {
        const at = new Date().toISOString();
        for (const request of await openRequestsOnTarget(tx, args.enterpriseId)) {
          const readyPlantIds = await readyPlants(tx, request.plantIds, asOf);
          notices.push(await appendTargetResumed(tx, { requestId: request.id, actor, at, readyPlantIds, note: `目标企业已复工 (${args.enterpriseId} resumed)` }));
        }
      }
    }
    return { outcome: written, notices };
  });
  if (!outcome) throw notFound('enterprise', args.enterpriseId, 'enterpriseId');
  for (const notice of notices) ctx.requestEvents.publish(notice);
  ctx.loaders.enterpriseById.clear(args.enterpriseId);
  return outcome.record;
};
