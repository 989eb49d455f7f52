// Calendar dates as 'YYYY-MM-DD' strings, computed on UTC day numbers so
// that the host's time zone and daylight saving never shift a result.

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for an ISO date; throws RangeError for anything else (including 2020-02-30). */
export function parseDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (m === null) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as written; it rolls
  // invalid days over, which the round trip below catches.
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: ${iso}`);
  }
  return Math.round(t.getTime() / MS_PER_DAY);
}

export function isIsoDate(value: string): boolean {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
}

/** Inverse of parseDay. */
export function formatDay(day: number): string {
  const t = new Date(day * MS_PER_DAY);
  const y = t.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`day ${day} is outside years 0000-9999`);
  return `${String(y).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return parseDay(to) - parseDay(from);
}

/** `date` moved by `days` whole days (a fractional count is rounded down). */
export function addDays(date: string, days: number): string {
  return formatDay(parseDay(date) + Math.floor(days));
}
