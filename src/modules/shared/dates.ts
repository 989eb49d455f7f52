/** Days as Fugong counts them: calendar days in China, whatever the server's time zone. */
import { badUserInput } from './errors.ts';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC reads years 0 to 99 as 1900 to 1999; setUTCFullYear takes the year as given.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Today in Asia/Shanghai, as `YYYY-MM-DD`. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function parseDayArgument(value: unknown, argument: string): string {
  if (typeof value !== 'string' || !isIsoDay(value)) {
    throw badUserInput(argument, `expected a calendar day as YYYY-MM-DD (e.g. "2020-02-10"), got ${JSON.stringify(value)}`);
  }
  return value;
}
