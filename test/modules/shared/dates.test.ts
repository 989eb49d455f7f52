/** Calendar days as arguments: every day of the Gregorian calendar from 0000 to 9999, and nothing else. */
import { describe, expect, it } from 'vitest';
import { isIsoDay, parseDayArgument, todayInShanghai } from '../../../src/modules/shared/dates.ts';

describe('isIsoDay', () => {
  it('accepts real days, including those of years 0000 to 0099', () => {
    for (const day of ['2020-02-10', '2020-02-29', '2000-02-29', '0000-01-01', '0001-12-31', '0050-06-15', '0099-12-31', '0004-02-29', '9999-12-31']) {
      expect(isIsoDay(day), day).toBe(true);
    }
  });

  it('refuses days that do not exist and other shapes', () => {
    for (const day of ['2019-02-29', '1900-02-29', '0001-02-29', '2020-13-01', '2020-00-10', '2020-04-31', '2020-1-01', '20-01-01', '2020-02-10T00:00:00Z', '', ' 2020-02-10']) {
      expect(isIsoDay(day), day).toBe(false);
    }
  });

  it('names the argument when a day is refused', () => {
    expect(() => parseDayArgument('2020-02-30', 'asOf')).toThrow(/^asOf: expected a calendar day/);
    expect(parseDayArgument('0050-01-01', 'asOf')).toBe('0050-01-01');
  });

  it('counts today in Asia/Shanghai', () => {
    expect(todayInShanghai(new Date('2020-02-09T16:30:00Z'))).toBe('2020-02-10');
  });
});
