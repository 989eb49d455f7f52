/**
 * Problems found in a dataset, each tied to the JSON path of the value at
 * fault (`enterprises[12].region`), and the translation of zod issues into
 * them, so that shape errors and cross-record errors read alike.
 */
import { z } from 'zod';
import { explainIssue } from './format.ts';

export interface Problem {
  /** JSON path of the offending value, e.g. `enterprises[12].region`; `$` is the whole document. */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '$';
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** The schema that checks the value at `path` below `schema`, when the path leads through objects and arrays. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType = schema;
  let i = 0;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodType;
      continue;
    }
    if (i === path.length) return current;
    const segment = path[i++];
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      const next = (current.shape as Record<string, z.ZodType | undefined>)[segment];
      if (next === undefined) return undefined;
      current = next;
    } else if (current instanceof z.ZodArray && typeof segment === 'number') {
      current = current.element as z.ZodType;
    } else {
      return undefined;
    }
  }
}

/** Field names an object schema accepts, for the message about an unknown field. */
function allowedKeys(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * One problem per zod issue; an issue about unknown keys becomes one
 * problem per key, at the key's own path.
 */
export function issuesToProblems(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  base: readonly PathSegment[] = [],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schemaAt(schema, issue.path));
      const hint = allowed.length > 0 ? `; the allowed fields are ${allowed.join(', ')}` : '';
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...path, key]), message: `unknown field${hint}` });
      }
    } else {
      problems.push({ path: formatPath(path), message: issue.message });
    }
  }
  return problems;
}

/** Parses `value` with `schema`, explaining every issue the way `explainIssue` does. */
export function parseWithProblems<T extends z.ZodType>(
  schema: T,
  value: unknown,
  base: readonly PathSegment[] = [],
): { success: true; data: z.infer<T> } | { success: false; problems: Problem[]; issues: z.core.$ZodIssue[] } {
  const result = schema.safeParse(value, { error: explainIssue });
  if (result.success) return { success: true, data: result.data };
  return { success: false, problems: issuesToProblems(schema, result.error.issues, base), issues: result.error.issues };
}

/** Problems as lines for a terminal, the first `limit` of them and a count of the rest. */
export function formatProblems(problems: readonly Problem[], limit = 50): string {
  const lines = problems.slice(0, limit).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > limit) lines.push(`… and ${problems.length - limit} more`);
  return lines.join('\n');
}
