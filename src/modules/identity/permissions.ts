/**
 * Who may do what: the one place that decides. The acting agency and role
 * always come from the caller's token.
 *
 * - read: any authenticated user.
 * - file: a COORDINATOR (or ADMIN) of the agency that becomes the requester,
 *   which is always the caller's own.
 * - withdraw: a COORDINATOR (or ADMIN) of one of the request's requesters.
 * - respond (acknowledge, start, resolve, reject): a COORDINATOR (or ADMIN)
 *   of the request's addressee.
 * - comment: a COORDINATOR (or ADMIN) of any agency taking part in the
 *   request (requesters, addressee, copied, originator); viewers read only.
 * - setStatus: a COORDINATOR of an agency governing the enterprise's
 *   district or one of its ancestors, or any ADMIN.
 * - import: an ADMIN.
 * - fileApplication, withdrawApplication (resumption applications): a
 *   COORDINATOR of an agency governing the enterprise's district or one of
 *   its ancestors, or any ADMIN.
 * - reviewApplication (on-site check, city recheck request, approval or
 *   refusal before a recheck, documents received): a COORDINATOR of the
 *   agency governing the enterprise's district (the nearest ancestor's where
 *   none), or any ADMIN.
 * - recheckApplication (approval or refusal in CITY_RECHECK): a COORDINATOR
 *   of the city's agency (a municipality's own), or any ADMIN.
 * - subscribe: to one's own agency's inbox; an ADMIN to any.
 * - restrict (impose or lift a logistics restriction): a COORDINATOR of an
 *   agency governing the restriction's region (for an edge restriction:
 *   the supplier's district) or one of its ancestors, or any ADMIN.
 * - aid (mutual aid): a COORDINATOR of an agency governing the enterprise
 *   concerned (its district or one of its ancestors), or any ADMIN: the
 *   borrower's side posts and withdraws a help request; the lender's side
 *   posts and withdraws an offer, agrees a loan and records its return.
 *
 * An ADMIN acts for its own agency like a COORDINATOR of it; it does not
 * speak for other agencies on requests, so every event names a true actor.
 * On applications, statuses, restrictions and mutual aid an ADMIN may act anywhere: they are the
 * bureaus' own records, not one agency's word to another.
 */
import type { Tx } from '../../neo4j/database.ts';
import type { GraphQLContext } from '../context.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import { atLeast, type CurrentUser } from '../shared/user.ts';

/** The parties of a request, as permissions need them. */
export interface RequestParties {
  id: string;
  requesterIds: readonly string[];
  addresseeId: string;
  copiedIds: readonly string[];
  originatorId: string;
}

/** The agencies of an application's enterprise, as permissions need them. */
export interface ApplicationParties {
  id: string;
  enterpriseId: string;
  /** Agencies governing the enterprise's district or a region above it. */
  governingAgencyIds: readonly string[];
  /** The agency governing its district, the nearest ancestor's where none; null when no agency governs any. */
  districtAgencyId: string | null;
  /** The agency of its city (a municipality's own), the nearest ancestor's where none. */
  cityAgencyId: string | null;
}

export type ApplicationReviewVerb = 'start the on-site check of' | 'request a city recheck of' | 'approve' | 'refuse' | 'record the documents of';

export type Action =
  | { kind: 'read' }
  | { kind: 'file' }
  | { kind: 'withdraw'; request: RequestParties }
  | { kind: 'respond'; verb: 'acknowledge' | 'start' | 'resolve' | 'reject'; request: RequestParties }
  | { kind: 'comment'; request: RequestParties }
  | { kind: 'setStatus'; enterpriseId: string; governingAgencyIds: readonly string[] }
  | { kind: 'import' }
  | { kind: 'subscribe'; agencyId: string }
  | { kind: 'fileApplication'; enterpriseId: string; governingAgencyIds: readonly string[] }
  | { kind: 'withdrawApplication'; application: ApplicationParties }
  | { kind: 'reviewApplication'; verb: ApplicationReviewVerb; application: ApplicationParties }
  | { kind: 'recheckApplication'; verb: 'approve' | 'refuse'; application: ApplicationParties }
  | { kind: 'restrict'; verb: 'impose' | 'lift'; restriction: string; governingAgencyIds: readonly string[] }
  | { kind: 'aid'; side: 'borrower' | 'lender'; what: string; enterpriseId: string; governingAgencyIds: readonly string[] };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Decision = { allowed: true };

function you(user: CurrentUser): string {
  return `you are ${user.role} of ${user.agencyId}`;
}

function deny(reason: string, user: CurrentUser): Decision {
  return { allowed: false, reason: `${reason}; ${you(user)}` };
}

function coordinatorOf(user: CurrentUser, agencies: readonly string[]): boolean {
  return atLeast(user.role, 'COORDINATOR') && agencies.includes(user.agencyId);
}

function list(ids: readonly string[]): string {
  return ids.length === 1 ? (ids[0] as string) : `one of ${ids.join(', ')}`;
}

/** Decides without throwing; `authorize` throws the refusal. */
export function decide(user: CurrentUser, action: Action): Decision {
  switch (action.kind) {
    case 'read':
      return ALLOW;
    case 'file':
      return atLeast(user.role, 'COORDINATOR')
        ? ALLOW
        : deny(`only a COORDINATOR may file a coordination request, for their own agency`, user);
    case 'withdraw': {
      const { request } = action;
      return coordinatorOf(user, request.requesterIds)
        ? ALLOW
        : deny(`only a COORDINATOR of ${list(request.requesterIds)} (the requester) may withdraw request ${request.id}`, user);
    }
    case 'respond': {
      const { request } = action;
      return coordinatorOf(user, [request.addresseeId])
        ? ALLOW
        : deny(`only a COORDINATOR of ${request.addresseeId} (the addressee) may ${action.verb} request ${request.id}`, user);
    }
    case 'comment': {
      const { request } = action;
      const parties = [...new Set([...request.requesterIds, request.addresseeId, ...request.copiedIds, request.originatorId])].sort();
      return coordinatorOf(user, parties)
        ? ALLOW
        : deny(`only a COORDINATOR of an agency taking part in request ${request.id} (${parties.join(', ')}) may comment on it`, user);
    }
    case 'setStatus': {
      if (user.role === 'ADMIN' || coordinatorOf(user, action.governingAgencyIds)) return ALLOW;
      const who = action.governingAgencyIds.length ? `a COORDINATOR of ${list(action.governingAgencyIds)} (governing its region)` : 'no COORDINATOR (no agency governs its region)';
      return deny(`only an ADMIN or ${who} may change the status of enterprise ${action.enterpriseId}`, user);
    }
    case 'import':
      return user.role === 'ADMIN' ? ALLOW : deny('only an ADMIN may load a dataset', user);
    case 'subscribe':
      return user.role === 'ADMIN' || user.agencyId === action.agencyId
        ? ALLOW
        : deny(`only users of ${action.agencyId} (or an ADMIN) may follow its request events`, user);
    case 'fileApplication':
    case 'withdrawApplication': {
      const enterpriseId = action.kind === 'fileApplication' ? action.enterpriseId : action.application.enterpriseId;
      const governing = action.kind === 'fileApplication' ? action.governingAgencyIds : action.application.governingAgencyIds;
      if (user.role === 'ADMIN' || coordinatorOf(user, governing)) return ALLOW;
      const what = action.kind === 'fileApplication' ? `file a resumption application for enterprise ${enterpriseId}` : `withdraw resumption application ${action.application.id}`;
      const who = governing.length ? `a COORDINATOR of ${list(governing)} (governing the enterprise's region)` : 'no COORDINATOR (no agency governs its region)';
      return deny(`only an ADMIN or ${who} may ${what}`, user);
    }
    case 'reviewApplication':
    case 'recheckApplication': {
      const { application } = action;
      const agency = action.kind === 'reviewApplication' ? application.districtAgencyId : application.cityAgencyId;
      if (user.role === 'ADMIN' || (agency !== null && coordinatorOf(user, [agency]))) return ALLOW;
      const part = action.kind === 'reviewApplication' ? "the enterprise's district bureau" : "the city's bureau, which rechecks it";
      const who = agency !== null ? `a COORDINATOR of ${agency} (${part})` : `no COORDINATOR (no agency governs ${action.kind === 'reviewApplication' ? 'its district' : 'its city'} or a region above it)`;
      return deny(`only an ADMIN or ${who} may ${action.verb} resumption application ${application.id}`, user);
    }
    case 'restrict': {
      if (user.role === 'ADMIN' || coordinatorOf(user, action.governingAgencyIds)) return ALLOW;
      const who = action.governingAgencyIds.length
        ? `a COORDINATOR of ${list(action.governingAgencyIds)} (governing its region)`
        : 'no COORDINATOR (no agency governs its region)';
      return deny(`only an ADMIN or ${who} may ${action.verb} ${action.restriction}`, user);
    }
    case 'aid': {
      if (user.role === 'ADMIN' || coordinatorOf(user, action.governingAgencyIds)) return ALLOW;
      const who = action.governingAgencyIds.length
        ? `a COORDINATOR of ${list(action.governingAgencyIds)} (governing the ${action.side}'s region, enterprise ${action.enterpriseId})`
        : `no COORDINATOR (no agency governs the region of the ${action.side}, enterprise ${action.enterpriseId})`;
      return deny(`only an ADMIN or ${who} may ${action.what}`, user);
    }
  }
}

/** Throws FORBIDDEN, naming what is missing, unless the user may take the action. */
export function authorize(user: CurrentUser, action: Action): void {
  const decision = decide(user, action);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/** Agencies governing an enterprise's district or any region above it, by id; null when the enterprise does not exist. */
export async function governingAgenciesOfEnterprise(tx: Tx, enterpriseId: string): Promise<string[] | null> {
  const result = await tx.run<{ agencies: string[] }>(
    // Grouped by the enterprise, so an unknown id yields no row (an ungrouped collect() always yields one).
    `MATCH (e:Enterprise {id: $enterpriseId})
     OPTIONAL MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(a:Agency)
     RETURN e.id AS id, collect(DISTINCT a.id) AS agencies`,
    { enterpriseId },
  );
  const row = result.records[0];
  return row ? [...row.get('agencies')].sort() : null;
}

/** Agencies governing a region or any region above it, by id; null when the region does not exist. */
export async function governingAgenciesOfRegion(tx: Tx, regionCode: string): Promise<string[] | null> {
  const result = await tx.run<{ agencies: string[] }>(
    `MATCH (g:Region {code: $regionCode})
     OPTIONAL MATCH (g)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(a:Agency)
     RETURN g.code AS code, collect(DISTINCT a.id) AS agencies`,
    { regionCode },
  );
  const row = result.records[0];
  return row ? [...row.get('agencies')].sort() : null;
}

/**
 * Throws FORBIDDEN unless the caller may impose or lift the restriction:
 * judged on its region, or for an edge on the supplier's district. Call
 * inside the writing transaction, once the region or supplier is known to exist.
 * Returns the agencies governing it (by id): those its changes are told to.
 */
export async function assertMayRestrict(
  tx: Tx,
  user: CurrentUser,
  verb: 'impose' | 'lift',
  restriction: { id: string | null; supplier: string | null; region: string | null },
): Promise<string[]> {
  const governing =
    restriction.supplier !== null
      ? await governingAgenciesOfEnterprise(tx, restriction.supplier)
      : restriction.region !== null
        ? await governingAgenciesOfRegion(tx, restriction.region)
        : null;
  const what =
    restriction.id !== null
      ? `restriction ${restriction.id}`
      : restriction.supplier !== null
        ? `a restriction on deliveries from enterprise ${restriction.supplier}`
        : `a restriction on region ${restriction.region}`;
  authorize(user, { kind: 'restrict', verb, restriction: what, governingAgencyIds: governing ?? [] });
  return governing ?? [];
}

/**
 * Throws unless the caller may change the enterprise's status: FORBIDDEN
 * naming the agencies that may, NOT_FOUND when the enterprise does not exist.
 * `options.tx`: the transaction that writes the status, so the regions are
 * read there; without it, a read transaction of its own is used.
 * `options.argument`: the argument a NOT_FOUND names (default `enterpriseId`).
 */
export async function assertMaySetStatus(
  ctx: Pick<GraphQLContext, 'user' | 'db' | 'requestId'>,
  enterpriseId: string,
  options: { tx?: Tx; argument?: string } = {},
): Promise<void> {
  const { tx } = options;
  const governing = tx
    ? await governingAgenciesOfEnterprise(tx, enterpriseId)
    : await ctx.db.read({ operation: 'permissions.setStatus', requestId: ctx.requestId }, (t) => governingAgenciesOfEnterprise(t, enterpriseId));
  if (governing === null) throw notFound('enterprise', enterpriseId, options.argument ?? 'enterpriseId');
  authorize(ctx.user, { kind: 'setStatus', enterpriseId, governingAgencyIds: governing });
}

/**
 * Throws unless the caller may act on mutual aid for the enterprise (the
 * borrower's or the lender's side, as `side` says): FORBIDDEN naming the
 * agencies that may. Call inside the writing transaction, once the
 * enterprise is known to exist; returns the agencies governing it.
 */
export async function assertMayAid(tx: Tx, user: CurrentUser, side: 'borrower' | 'lender', what: string, enterpriseId: string): Promise<string[]> {
  const governing = (await governingAgenciesOfEnterprise(tx, enterpriseId)) ?? [];
  authorize(user, { kind: 'aid', side, what, enterpriseId, governingAgencyIds: governing });
  return governing;
}
