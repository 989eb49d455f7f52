/**
 * The regions module's reads, the one way its resolvers and other modules
 * reach regions and agencies. A root read of regions reads the selection
 * below it at once, as enterprises.ts says; the levels below find their
 * records held by the request, anything else goes through the loaders (one
 * batch per tick).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../context.ts';
import { planOf } from '../shared/graph-read.ts';
import { recordOf } from '../shared/records.ts';
import { shapedRead } from '../shared/shaped-read.ts';
import * as cypher from './cypher.ts';
import type { AgencyRecord, RegionRecord } from './mappers.ts';

type Scope = Pick<GraphQLContext, 'known' | 'loaders'>;
type Reader = Pick<GraphQLContext, 'db' | 'requestId'>;

/** A region that must exist: NOT_FOUND (naming `argument`) otherwise. */
export function regionOf(ctx: Scope, code: string, argument?: string): RegionRecord | Promise<RegionRecord> {
  return recordOf(ctx.known, ctx.loaders.regionByCode, 'region', code, argument);
}

/** An agency that must exist: NOT_FOUND otherwise. */
export function agencyOf(ctx: Scope, id: string): AgencyRecord | Promise<AgencyRecord> {
  return recordOf(ctx.known, ctx.loaders.agencyById, 'agency', id);
}

/** A region by code, or null: held by the request, or loaded. */
export function findRegion(ctx: Scope, code: string): RegionRecord | Promise<RegionRecord | null> {
  return ctx.known.find('region', code) ?? ctx.loaders.regionByCode.load(code);
}

/**
 * `Query.region`: a region by code, or null, with what the selection under
 * it links to: from the read model after its check when it is current, or
 * in one statement shaped from the selection.
 */
export async function readRegion(ctx: GraphQLContext, code: string, selection: GraphQLResolveInfo): Promise<RegionRecord | null> {
  const whole = await ctx.analysis.wholeGraph(ctx);
  if (whole) return whole.region(code) ?? null;
  return shapedRead(
    ctx,
    'query.region',
    (q) => `MATCH (root:Region {code: ${q.param(code)}}) RETURN ${q.region('root', planOf(selection, 'Region'))} AS row`,
    (rows, fetched) => (rows[0] ? fetched.region(rows[0].row as Record<string, unknown>) : null),
  );
}

/** An agency by id, or null. */
export function findAgency(ctx: Scope, id: string): Promise<AgencyRecord | null> {
  return ctx.loaders.agencyById.load(id);
}

export function childrenOf(ctx: Scope, code: string): RegionRecord[] | Promise<RegionRecord[]> {
  return ctx.known.find('regionChildren', code) ?? ctx.loaders.childrenOfRegion.load(code);
}

/** The agencies that govern the region itself. */
export function agenciesOf(ctx: Scope, code: string): AgencyRecord[] | Promise<AgencyRecord[]> {
  return ctx.known.find('regionAgencies', code) ?? ctx.loaders.agenciesOfRegion.load(code);
}

/** The agency governing the region, or its nearest ancestor's. */
export function governingAgencyOf(ctx: Scope, code: string): AgencyRecord | null | Promise<AgencyRecord | null> {
  const held = ctx.known.find('governingAgency', code);
  return held ? held.agency : ctx.loaders.governingAgency.load(code);
}

/** Regions of a level and/or with a parent, by code (the provinces with neither), the same two ways as `readRegion`. */
export async function listRegions(ctx: GraphQLContext, level: string | null, parent: string | null, selection: GraphQLResolveInfo): Promise<RegionRecord[]> {
  const whole = await ctx.analysis.wholeGraph(ctx);
  if (whole) return whole.listRegions(level, parent);
  return shapedRead(
    ctx,
    'query.regions',
    (q) => {
      Object.assign(q.params, { level, parent });
      return `CALL () { ${cypher.REGION_LIST} WITH r ORDER BY r.code RETURN collect(${q.region('r', planOf(selection, 'Region'))}) AS rows } RETURN rows`;
    },
    ([row], fetched) => ((row?.rows ?? []) as Record<string, unknown>[]).map((r) => fetched.region(r)),
  );
}

export function listAgencies(ctx: Reader): Promise<AgencyRecord[]> {
  return ctx.db.read({ operation: 'query.agencies', requestId: ctx.requestId }, cypher.allAgencies);
}
