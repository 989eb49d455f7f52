/** What region and agency resolvers hand to their fields: plain values read from the graph. */
export interface RegionRecord {
  code: string;
  name: string;
  level: 'PROVINCE' | 'CITY' | 'DISTRICT';
  parentCode: string | null;
}

export interface AgencyRecord {
  id: string;
  name: string;
  regionCode: string;
}
