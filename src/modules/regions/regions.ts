/**
 * The regions module's reads, the one way its resolvers and other modules
 * reach regions and agencies: held records and loaders first (one batch per
 * tick), Cypher for the lists.
 */
import type { GraphQLContext } from '../context.ts';
import { recordOf } from '../shared/records.ts';
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

/** A region by code, or null. */
export function findRegion(ctx: Scope, code: string): Promise<RegionRecord | null> {
  return ctx.loaders.regionByCode.load(code);
}

/** An agency by id, or null. */
export function findAgency(ctx: Scope, id: string): Promise<AgencyRecord | null> {
  return ctx.loaders.agencyById.load(id);
}

export function childrenOf(ctx: Scope, code: string): Promise<RegionRecord[]> {
  return ctx.loaders.childrenOfRegion.load(code);
}

/** The agencies that govern the region itself. */
export function agenciesOf(ctx: Scope, code: string): Promise<AgencyRecord[]> {
  return ctx.loaders.agenciesOfRegion.load(code);
}

/** The agency governing the region, or its nearest ancestor's. */
export function governingAgencyOf(ctx: Scope, code: string): Promise<AgencyRecord | null> {
  return ctx.loaders.governingAgency.load(code);
}

export function listRegions(ctx: Reader, level: string | null, parent: string | null): Promise<RegionRecord[]> {
  return ctx.db.read({ operation: 'query.regions', requestId: ctx.requestId }, (tx) => cypher.listRegions(tx, level, parent));
}

export function listAgencies(ctx: Reader): Promise<AgencyRecord[]> {
  return ctx.db.read({ operation: 'query.agencies', requestId: ctx.requestId }, cypher.allAgencies);
}
