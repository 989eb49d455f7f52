/**
 * The ids the API issues. What it files, imposes, agrees or posts is
 * numbered from a counter of its kind, `(:Counter {name: kind})`, and its id
 * is the kind's prefix and that number in at least six digits: the 42nd
 * restriction is RS-000042. Only an id of exactly that form is one the API
 * issued, and its number is the counter's value it was issued at.
 *
 * A dataset may carry such records back in (an export loaded elsewhere, or
 * again): the checker refuses an id that starts with a prefix but is not of
 * that form, and the writer moves each counter to at least the highest
 * number it brought in, never back, so the API's next id of the kind comes
 * after them. Coordination requests are numbered by the same rule but no
 * dataset table holds them.
 */

/** The prefix of each kind's ids; the kind is also the name of its counter and the label of its nodes. */
export const API_ID_PREFIX = {
  ResumptionApplication: 'RA-',
  Restriction: 'RS-',
  Loan: 'LN-',
  HelpRequest: 'HR-',
  HelpOffer: 'HO-',
  CoordinationRequest: 'CR-',
} as const;

export type ApiIdKind = keyof typeof API_ID_PREFIX;

/** The id the API issues for number `n` of `kind`. */
export function apiIdOf(kind: ApiIdKind, n: number): string {
  return `${API_ID_PREFIX[kind]}${String(n).padStart(6, '0')}`;
}

/** The number of an id exactly as the API issues it for `kind`, or null when `id` is not one. */
export function apiIdNumber(kind: ApiIdKind, id: string): number | null {
  const prefix = API_ID_PREFIX[kind];
  if (!id.startsWith(prefix)) return null;
  const digits = id.slice(prefix.length);
  if (!/^\d{6,}$/.test(digits)) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) && n >= 1 && apiIdOf(kind, n) === id ? n : null;
}

/** The dataset tables whose records may carry ids the API issued, and their kind. */
export const API_ID_TABLES = {
  applications: 'ResumptionApplication',
  restrictions: 'Restriction',
  loans: 'Loan',
  helpRequests: 'HelpRequest',
  helpOffers: 'HelpOffer',
} as const satisfies Record<string, ApiIdKind>;

export type ApiIdTable = keyof typeof API_ID_TABLES;

/** What issues each table's ids, as a problem with one of its records names it. */
const ISSUED_BY: Record<ApiIdTable, string> = {
  applications: 'filings through the API',
  restrictions: 'restrictions imposed through the API',
  loans: 'loans agreed through the API',
  helpRequests: 'help requests posted through the API',
  helpOffers: 'help offers posted through the API',
};

/**
 * What is wrong with a record's `id` in `table` that starts like the API's
 * ids of its kind without being one, and how to fix it; null when nothing is.
 */
export function apiIdProblem(table: ApiIdTable, id: string): string | null {
  const kind = API_ID_TABLES[table];
  const prefix = API_ID_PREFIX[kind];
  if (!id.startsWith(prefix) || apiIdNumber(kind, id) !== null) return null;
  return `"${id}" starts with ${prefix} like the ids of ${ISSUED_BY[table]}, which are ${prefix} and a number of at least six digits (${apiIdOf(kind, 42)}); use that form or an id of your own`;
}

/** A dataset table's `id` field, as the format describes it: `record` names what the table holds. */
export function apiIdDescription(table: ApiIdTable, record: string, example: string): string {
  const kind = API_ID_TABLES[table];
  const prefix = API_ID_PREFIX[kind];
  return `${record} id, e.g. "${example}"; one starting with "${prefix}" is as the API issues it, "${prefix}" and its number in at least six digits (${apiIdOf(kind, 42)})`;
}

/**
 * The highest number of `kind` among `ids`, or 0: what the kind's counter
 * must reach once they are loaded.
 */
export function lastApiIdNumber(kind: ApiIdKind, ids: Iterable<string>): number {
  let last = 0;
  for (const id of ids) last = Math.max(last, apiIdNumber(kind, id) ?? 0);
  return last;
}
