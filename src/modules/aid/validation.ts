/**
 * Checks of mutual-aid inputs before anything is read or written. Every
 * problem names its field path (e.g. `input.quantity`); all problems of one
 * input are reported together.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AgreeLoanInput, PostHelpOfferInput, PostHelpRequestInput } from '../../generated/graphql.ts';
import { isIsoDay } from '../shared/dates.ts';
import { invalidInput } from '../shared/errors.ts';

export const LIMITS = { note: 2000, unit: 100, idempotencyKey: 200 } as const;

const day = z.string().refine(isIsoDay, 'a calendar day as YYYY-MM-DD');
const id = z.string().trim().min(1, 'an id, not empty');
const quantity = z.number().finite().gt(0, 'more than 0');
const unit = z.string().trim().min(1, `1 to ${LIMITS.unit} characters, e.g. "件" or "kg"`).max(LIMITS.unit, `1 to ${LIMITS.unit} characters, e.g. "件" or "kg"`);
const note = z
  .string()
  .nullish()
  .transform((text) => (text == null || text.trim() === '' ? null : text.trim()))
  .refine((text) => text === null || text.length <= LIMITS.note, `at most ${LIMITS.note} characters`);
const keyMessage = `1 to ${LIMITS.idempotencyKey} printable ASCII characters without spaces, e.g. a UUID`;
const idempotencyKey = z.string().regex(/^[\x21-\x7e]+$/, keyMessage).max(LIMITS.idempotencyKey, keyMessage);

function notBefore(today: string, message: string) {
  return (value: string, problems: z.RefinementCtx): void => {
    if (isIsoDay(value) && value < today) problems.addIssue({ code: 'custom', message: `${value} is before today (${today}); ${message}` });
  };
}

function parsed<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw invalidInput(result.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  return result.data;
}

export interface HelpPosting {
  enterpriseId: string;
  componentId: string;
  quantity: number;
  unit: string;
  /** The request's `neededBy`, or the offer's `availableUntil`. */
  day: string;
  note: string | null;
  idempotencyKey: string;
}

export function normaliseHelpRequest(input: PostHelpRequestInput, today: string): HelpPosting {
  const value = parsed(
    z.object({
      enterpriseId: id,
      component: id,
      quantity,
      unit,
      neededBy: day.superRefine(notBefore(today, 'give the day the component is needed by, today or later')),
      note,
      idempotencyKey,
    }),
    input,
  );
  return { enterpriseId: value.enterpriseId, componentId: value.component, quantity: value.quantity, unit: value.unit, day: value.neededBy, note: value.note, idempotencyKey: value.idempotencyKey };
}

export function normaliseHelpOffer(input: PostHelpOfferInput, today: string): HelpPosting {
  const value = parsed(
    z.object({
      enterpriseId: id,
      component: id,
      quantity,
      unit,
      availableUntil: day.superRefine(notBefore(today, 'give the last day the offer stands, today or later')),
      note,
      idempotencyKey,
    }),
    input,
  );
  return { enterpriseId: value.enterpriseId, componentId: value.component, quantity: value.quantity, unit: value.unit, day: value.availableUntil, note: value.note, idempotencyKey: value.idempotencyKey };
}

export interface LoanAgreement {
  requestId: string;
  offerId: string;
  quantity: number;
  coverDays: number;
  start: string;
  returnBy: string;
  idempotencyKey: string;
}

const AgreeSchema = z
  .object({
    requestId: id,
    offerId: id,
    quantity,
    coverDays: z.number().int('a whole number of days').min(1, 'at least 1 day'),
    start: day,
    returnBy: day,
    idempotencyKey,
  })
  .superRefine((input, problems) => {
    if (isIsoDay(input.start) && isIsoDay(input.returnBy) && input.returnBy < input.start) {
      problems.addIssue({ code: 'custom', path: ['returnBy'], message: `${input.returnBy} is before start (${input.start}); the stock is returned on or after the day it is handed over` });
    }
  });

export function normaliseAgreement(input: AgreeLoanInput): LoanAgreement {
  return parsed(AgreeSchema, input);
}

/** Identifies what a call asks for, so a reused idempotency key with other content is caught. */
export function fingerprint(value: object): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
