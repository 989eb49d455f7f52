/** Resumption figures from a period's applications, in memory. */
import { describe, expect, it } from 'vitest';
import { median, resumptionFigures, type StatsRow } from '../../../src/modules/applications/stats.ts';

const row = (status: StatsRow['status'], workforceReturning: number, filedOn: string, decidedOn: string | null = null): StatsRow => ({ status, workforceReturning, filedOn, decidedOn });

describe('resumption figures', () => {
  it('counts each status, the staff back on approved applications, and the median days to a decision', () => {
    expect(
      resumptionFigures([
        row('APPROVED', 120, '2020-02-03', '2020-02-05'),
        row('APPROVED', 40, '2020-02-03', '2020-02-10'),
        row('REFUSED', 70, '2020-02-04', '2020-02-07'),
        row('FILED', 30, '2020-02-08'),
        row('CITY_RECHECK', 300, '2020-02-08'),
        row('WITHDRAWN', 15, '2020-02-09'),
      ]),
    ).toEqual({ filed: 6, approved: 2, refused: 1, open: 2, workforceReturning: 160, medianDaysToDecision: 3 });
  });

  it('has no median when nothing was decided, and counts days across a month end', () => {
    expect(resumptionFigures([]).medianDaysToDecision).toBeNull();
    expect(resumptionFigures([row('FILED', 1, '2020-02-01')]).medianDaysToDecision).toBeNull();
    expect(resumptionFigures([row('APPROVED', 1, '2020-02-28', '2020-03-02')]).medianDaysToDecision).toBe(3);
  });

  it('takes the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNull();
  });
});
