import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatDay, isIsoDate, parseDay } from '../../src/analysis/dates.ts';

describe('dates', () => {
  it('counts days in UTC across month ends, leap days and years', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2019-02-28', '2019-03-01')).toBe(1);
    expect(daysBetween('2020-12-31', '2021-01-01')).toBe(1);
    expect(daysBetween('2020-03-01', '2020-02-01')).toBe(-29);
    // A European daylight-saving change: still whole days.
    expect(daysBetween('2020-03-28', '2020-03-30')).toBe(2);
  });

  it('adds days, rounding a fractional count down', () => {
    expect(addDays('2020-02-27', 3)).toBe('2020-03-01');
    expect(addDays('2020-01-05', -5)).toBe('2019-12-31');
    expect(addDays('2020-02-10', 2.9)).toBe('2020-02-12');
  });

  it('refuses anything but a real YYYY-MM-DD date', () => {
    for (const bad of ['2020-02-30', '2019-02-29', '2020-13-01', '2020-2-3', '2020-02-10T00:00:00Z', '', '20200210']) {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => parseDay(bad)).toThrow(RangeError);
    }
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(formatDay(parseDay('0099-12-31'))).toBe('0099-12-31');
  });

  it('formatDay inverts parseDay, and addDays inverts daysBetween', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), fc.integer({ min: -5000, max: 5000 }), (day, delta) => {
        const iso = formatDay(day);
        expect(parseDay(iso)).toBe(day);
        expect(daysBetween(iso, addDays(iso, delta))).toBe(delta);
      }),
    );
  });
});
