/**
 * Checks of a restriction's input before anything is read or written. Every
 * problem names its field path (e.g. `input.until`); all problems of one
 * input are reported together.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ImposeRestrictionInput } from '../../generated/graphql.ts';
import { isIsoDay } from '../shared/dates.ts';
import { invalidInput } from '../shared/errors.ts';
import type { RestrictionRecord } from './mappers.ts';

export const LIMITS = { note: 2000, idempotencyKey: 200 } as const;

const day = z.string().refine(isIsoDay, 'a calendar day as YYYY-MM-DD');
const id = z.string().trim().min(1, 'an id, not empty');

const ImposeSchema = z
  .object({
    supply: z.object({ supplier: id, customer: id, component: id }).nullish(),
    region: id.nullish(),
    direction: z.enum(['INBOUND', 'OUTBOUND', 'BOTH']).nullish(),
    from: day,
    until: day.nullish(),
    note: z
      .string()
      .nullish()
      .transform((note) => (note == null || note.trim() === '' ? null : note.trim()))
      .refine((note) => note === null || note.length <= LIMITS.note, `at most ${LIMITS.note} characters`),
    idempotencyKey: z
      .string()
      .regex(/^[\x21-\x7e]+$/, `1 to ${LIMITS.idempotencyKey} printable ASCII characters without spaces, e.g. a UUID`)
      .max(LIMITS.idempotencyKey, `1 to ${LIMITS.idempotencyKey} printable ASCII characters without spaces, e.g. a UUID`),
  })
  .superRefine((input, problems) => {
    const onEdge = input.supply != null;
    const onRegion = input.region != null || input.direction != null;
    if (onEdge && onRegion) {
      problems.addIssue({ code: 'custom', path: [input.region != null ? 'region' : 'direction'], message: 'give either supply, or region with direction, not both' });
    } else if (!onEdge && !onRegion) {
      problems.addIssue({ code: 'custom', path: ['supply'], message: 'give the supply edge interrupted, or region with direction for a region border' });
    } else if (!onEdge && input.region == null) {
      problems.addIssue({ code: 'custom', path: ['region'], message: 'a direction needs the region whose border it applies to' });
    } else if (!onEdge && input.direction == null) {
      problems.addIssue({ code: 'custom', path: ['direction'], message: 'a region restriction needs a direction: INBOUND, OUTBOUND or BOTH' });
    }
    if (input.until != null && isIsoDay(input.from) && isIsoDay(input.until) && input.until <= input.from) {
      problems.addIssue({ code: 'custom', path: ['until'], message: `${input.until} is not after from (${input.from}): until is the first day deliveries move again; leave it out for an open-ended restriction` });
    }
  });

/** A restriction as it is imposed, without its id (given when it is written), and its idempotency key. */
export interface RestrictionImposition {
  restriction: Omit<RestrictionRecord, 'id'>;
  idempotencyKey: string;
}

export function normaliseImposition(input: ImposeRestrictionInput): RestrictionImposition {
  const parsed = ImposeSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidInput(parsed.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)].join('.'), message: issue.message })));
  }
  const value = parsed.data;
  const supply = value.supply ?? null;
  return {
    restriction: {
      supply: supply && { supplier: supply.supplier, customer: supply.customer, component: supply.component },
      region: supply ? null : (value.region ?? null),
      direction: supply ? null : (value.direction ?? null),
      from: value.from,
      until: value.until ?? null,
      note: value.note,
    },
    idempotencyKey: value.idempotencyKey,
  };
}

/** Identifies what an imposition asks for, so a reused idempotency key with another restriction is caught. */
export function impositionFingerprint(imposition: RestrictionImposition): string {
  return createHash('sha256').update(JSON.stringify(imposition.restriction)).digest('base64url');
}
