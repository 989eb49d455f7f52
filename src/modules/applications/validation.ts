/**
 * Checks of a filing before anything is read or written. Every problem
 * names its field path (e.g. `input.documentsDue`); all problems of one
 * input are reported together.
 */
import { createHash } from 'node:crypto';
import type { FileResumptionApplicationInput } from '../../generated/graphql.ts';
import { isIsoDay } from '../shared/dates.ts';
import { invalidInput } from '../shared/errors.ts';
import { PREVENTION_MEASURES, type PreventionMeasure } from './transitions.ts';

export const LIMITS = { note: 2000, idempotencyKey: 200 } as const;

export interface Problem {
  path: string;
  message: string;
}

/** A filing as it is written: trimmed, measures deduplicated in the enum's order. */
export interface ApplicationFiling {
  enterpriseId: string;
  plannedDate: string;
  workforceReturning: number;
  measures: PreventionMeasure[];
  commitment: boolean;
  documentsDue: string | null;
  note: string | null;
  idempotencyKey: string;
}

function day(value: string, path: string, today: string, problems: Problem[]): void {
  if (!isIsoDay(value)) problems.push({ path, message: 'a calendar day as YYYY-MM-DD' });
  else if (value < today) problems.push({ path, message: `${value} is in the past; today is ${today} (Asia/Shanghai)` });
}

export function normaliseApplicationFiling(input: FileResumptionApplicationInput, today: string): ApplicationFiling {
  const problems: Problem[] = [];
  day(input.plannedDate, 'input.plannedDate', today, problems);
  if (!Number.isInteger(input.workforceReturning) || input.workforceReturning < 1) {
    problems.push({ path: 'input.workforceReturning', message: `the number of staff returning, 1 or more; got ${input.workforceReturning}` });
  }
  if (input.measures.length === 0) problems.push({ path: 'input.measures', message: `name at least one prevention measure in place (${PREVENTION_MEASURES.join(', ')})` });
  const commitment = input.commitment ?? false;
  const documentsDue = input.documentsDue ?? null;
  if (commitment && documentsDue === null) problems.push({ path: 'input.documentsDue', message: 'a commitment application needs the date its documents will be handed in' });
  if (!commitment && documentsDue !== null) problems.push({ path: 'input.documentsDue', message: 'only a commitment application (commitment: true) has documents to follow; leave it out' });
  if (documentsDue !== null) day(documentsDue, 'input.documentsDue', today, problems);
  const note = input.note == null || input.note.trim() === '' ? null : input.note.trim();
  if (note !== null && note.length > LIMITS.note) problems.push({ path: 'input.note', message: `at most ${LIMITS.note} characters, got ${note.length}` });
  const key = input.idempotencyKey;
  if (!/^[\x21-\x7e]+$/.test(key) || key.length > LIMITS.idempotencyKey) {
    problems.push({ path: 'input.idempotencyKey', message: `1 to ${LIMITS.idempotencyKey} printable ASCII characters without spaces, e.g. a UUID` });
  }
  if (problems.length) throw invalidInput(problems);
  const measures = new Set(input.measures);
  return {
    enterpriseId: input.enterpriseId,
    plannedDate: input.plannedDate,
    workforceReturning: input.workforceReturning,
    measures: PREVENTION_MEASURES.filter((m) => measures.has(m)),
    commitment,
    documentsDue,
    note,
    idempotencyKey: key,
  };
}

/** Identifies what a filing asks for, so a reused idempotency key with another filing is caught. */
export function applicationFingerprint(filing: ApplicationFiling): string {
  const { idempotencyKey: _key, ...rest } = filing;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
}

/** The day documents arrived: a calendar day, not after today. */
export function receivedOnArgument(value: string | null | undefined, today: string): string {
  const on = value ?? today;
  if (!isIsoDay(on)) throw invalidInput([{ path: 'on', message: 'a calendar day as YYYY-MM-DD' }]);
  if (on > today) throw invalidInput([{ path: 'on', message: `${on} is in the future; today is ${today} (Asia/Shanghai): record documents once they arrive` }]);
  return on;
}
