import { describe, expect, it } from 'vitest';
import { datasetCounts, formatDatasetCounts } from '../../src/dataset/stats.ts';

describe('datasetCounts', () => {
  it('counts the records of every array, absent or malformed ones as empty', () => {
    const counts = datasetCounts({ regions: [1, 2, 3], enterprises: [1], supplies: {} });
    expect(counts).toEqual({ regions: 3, agencies: 0, enterprises: 1, components: 0, makes: 0, needs: 0, supplies: 0, users: 0, restrictions: 0, loans: 0, helpRequests: 0, helpOffers: 0, applications: 0 });
    expect(formatDatasetCounts(counts)).toBe('regions 3, agencies 0, enterprises 1, components 0, makes 0, needs 0, supplies 0, users 0, restrictions 0, loans 0, helpRequests 0, helpOffers 0, applications 0');
  });
});
