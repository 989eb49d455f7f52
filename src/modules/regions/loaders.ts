import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';
import type { AgencyRecord, RegionRecord } from './mappers.ts';

export function createRegionLoaders(scope: LoaderScope) {
  return {
    regionByCode: keyedLoader(scope, 'regions.byCode', cypher.regionsByCodes, (r) => r.code, 'region'),
    childrenOfRegion: groupedLoader(scope, 'regions.children', cypher.childRegions, (r) => r.parentCode ?? '', 'regionChildren'),
    agencyById: keyedLoader(scope, 'agencies.byId', cypher.agenciesByIds, (a) => a.id, 'agency'),
    agenciesOfRegion: groupedLoader(scope, 'agencies.ofRegion', cypher.agenciesOfRegions, (a) => a.regionCode, 'regionAgencies'),
    governingAgency: keyedLoader(scope, 'agencies.governing', cypher.governingAgencies, (a) => a.forRegion),
  };
}
export type RegionLoaders = ReturnType<typeof createRegionLoaders>;

declare module '../context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into the context's loaders
  interface ModuleLoaders extends RegionLoaders {}
}
declare module '../shared/loaders.ts' {
  interface KnownRecordKinds {
    region: RegionRecord;
    agency: AgencyRecord;
    regionChildren: RegionRecord[];
    regionAgencies: AgencyRecord[];
    /** The agency speaking for a region; `agency` null when neither it nor an ancestor has one. */
    governingAgency: { agency: AgencyRecord | null };
  }
  interface WholeGraph {
    listRegions(level: string | null, parent: string | null): RegionRecord[];
    allAgencies(): readonly AgencyRecord[];
  }
}
