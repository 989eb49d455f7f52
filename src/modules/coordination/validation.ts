/**
 * Checks of what a caller sends, before anything is read or written. Every
 * problem names the field path (e.g. `input.targets[1].enterpriseId`); all
 * problems of one input are reported together.
 */
import { createHash } from 'node:crypto';
import type { FileCoordinationRequestInput } from '../../generated/graphql.ts';
import { invalidInput } from '../shared/errors.ts';
import { isIsoDay } from '../shared/dates.ts';
import type { RequestRestrictionTargetRecord, RequestTargetRecord } from './mappers.ts';

export const LIMITS = {
  message: 4000,
  note: 2000,
  targets: 100,
  plants: 1000,
  copied: 50,
  idempotencyKey: 200,
} as const;

export interface Problem {
  path: string;
  message: string;
}


/** A filing as it is written: trimmed, deduplicated, in a stable order. */
export interface Filing {
  requesterId: string;
  addresseeId: string;
  originatorId: string;
  copiedIds: string[];
  targets: RequestTargetRecord[];
  restrictionTargets: RequestRestrictionTargetRecord[];
  plantIds: string[];
  message: string;
  dueDate: string;
  idempotencyKey: string;
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function text(value: string, path: string, max: number, problems: Problem[], required: boolean): string | null {
  const trimmed = value.trim();
  if (trimmed === '') {
    if (required) problems.push({ path, message: 'must not be empty' });
    return null;
  }
  if (trimmed.length > max) problems.push({ path, message: `at most ${max} characters, got ${trimmed.length}` });
  return trimmed;
}

/** A note on a change: optional unless `required`, trimmed, bounded. */
export function noteArgument(value: string | null | undefined, argument: string, required: boolean): string | null {
  const problems: Problem[] = [];
  const note = value == null ? null : text(value, argument, LIMITS.note, problems, required);
  if (note === null && required && problems.length === 0) problems.push({ path: argument, message: 'is required' });
  if (problems.length) throw invalidInput(problems);
  return note;
}

/** Normalises a filing; the requester is the caller's agency, never an input. */
export function normaliseFiling(input: FileCoordinationRequestInput, requesterId: string, today: string): Filing {
  const problems: Problem[] = [];
  const copied = input.copiedAgencyIds ?? [];
  const plants = input.plantIds ?? [];
  const message = text(input.message, 'input.message', LIMITS.message, problems, true) ?? '';
  if (!isIsoDay(input.dueDate)) problems.push({ path: 'input.dueDate', message: 'a calendar day as YYYY-MM-DD' });
  else if (input.dueDate < today) problems.push({ path: 'input.dueDate', message: `${input.dueDate} is in the past; today is ${today} (Asia/Shanghai)` });
  const key = input.idempotencyKey;
  if (!/^[\x21-\x7e]+$/.test(key) || key.length > LIMITS.idempotencyKey) {
    problems.push({ path: 'input.idempotencyKey', message: `1 to ${LIMITS.idempotencyKey} printable ASCII characters without spaces, e.g. a UUID` });
  }
  const targets = input.targets ?? [];
  const restrictionTargets = input.restrictionTargets ?? [];
  if (targets.length + restrictionTargets.length === 0) {
    problems.push({ path: 'input.targets', message: 'name at least one target: an enterprise and component in targets, or a restriction and component in restrictionTargets' });
  }
  if (targets.length + restrictionTargets.length > LIMITS.targets) problems.push({ path: 'input.targets', message: `at most ${LIMITS.targets} targets per request (targets and restrictionTargets together)` });
  if (plants.length > LIMITS.plants) problems.push({ path: 'input.plantIds', message: `at most ${LIMITS.plants} plants per request` });
  if (copied.length > LIMITS.copied) problems.push({ path: 'input.copiedAgencyIds', message: `at most ${LIMITS.copied} copied agencies` });
  if (problems.length) throw invalidInput(problems);

  const addresseeId = input.addresseeAgencyId;
  const originatorId = input.originatorAgencyId ?? requesterId;
  return {
    requesterId,
    addresseeId,
    originatorId,
    // Copying the requester or the addressee adds nothing: they follow the request anyway.
    copiedIds: unique(copied, (id) => id).filter((id) => id !== requesterId && id !== addresseeId).sort(),
    targets: unique(targets, (t) => `${t.enterpriseId}|${t.componentId}`)
      .map((t) => ({ enterpriseId: t.enterpriseId, componentId: t.componentId }))
      .sort((a, b) => (a.enterpriseId + '|' + a.componentId < b.enterpriseId + '|' + b.componentId ? -1 : 1)),
    restrictionTargets: unique(restrictionTargets, (t) => `${t.restrictionId}|${t.componentId}`)
      .map((t) => ({ restrictionId: t.restrictionId, componentId: t.componentId }))
      .sort((a, b) => (a.restrictionId + '|' + a.componentId < b.restrictionId + '|' + b.componentId ? -1 : 1)),
    plantIds: unique(plants, (id) => id).sort(),
    message,
    dueDate: input.dueDate,
    idempotencyKey: key,
  };
}

/** Identifies what a filing asks for, so a reused idempotency key with another filing is caught. */
export function fingerprintOf(filing: Filing): string {
  const { idempotencyKey: _key, ...rest } = filing;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
}

/** Where each referenced id appears in the input, to name the path of an unknown one. */
export function referencePaths(input: FileCoordinationRequestInput): {
  agencies: [string, string][];
  enterprises: [string, string][];
  components: [string, string][];
  restrictions: [string, string][];
} {
  const targets = input.targets ?? [];
  const restrictionTargets = input.restrictionTargets ?? [];
  return {
    agencies: [
      ['input.addresseeAgencyId', input.addresseeAgencyId],
      ...(input.originatorAgencyId != null ? [['input.originatorAgencyId', input.originatorAgencyId] as [string, string]] : []),
      ...(input.copiedAgencyIds ?? []).map((id, i) => [`input.copiedAgencyIds[${i}]`, id] as [string, string]),
    ],
    enterprises: [
      ...targets.map((t, i) => [`input.targets[${i}].enterpriseId`, t.enterpriseId] as [string, string]),
      ...(input.plantIds ?? []).map((id, i) => [`input.plantIds[${i}]`, id] as [string, string]),
    ],
    components: [
      ...targets.map((t, i) => [`input.targets[${i}].componentId`, t.componentId] as [string, string]),
      ...restrictionTargets.map((t, i) => [`input.restrictionTargets[${i}].componentId`, t.componentId] as [string, string]),
    ],
    restrictions: restrictionTargets.map((t, i) => [`input.restrictionTargets[${i}].restrictionId`, t.restrictionId] as [string, string]),
  };
}
