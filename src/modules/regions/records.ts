/** Regions that must exist, held or loaded (see shared/records.ts). */
import type { GraphQLContext } from '../context.ts';
import { recordOf } from '../shared/records.ts';
import type { RegionRecord } from './mappers.ts';

export function regionOf(ctx: Pick<GraphQLContext, 'known' | 'loaders'>, code: string, argument?: string): RegionRecord | Promise<RegionRecord> {
  return recordOf(ctx.known, ctx.loaders.regionByCode, 'region', code, argument);
}
