/** Days as Fugong counts them: calendar days in China, whatever the server's time zone. */
import { badUserInput } from './errors.ts';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
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
