/**
 * Who the caller is: the claims a bearer token must carry, checked once, and
 * the user the rest of the service sees. The token is the only source of the
 * acting agency and role; no argument of any operation can change them.
 */
import { z } from 'zod';
import { ROLES, type CurrentUser } from '../shared/user.ts';

/** An identifier as the graph stores it: printable, no spaces, bounded. */
const identifier = z.string().regex(/^[\w.:@-]{1,200}$/, 'an identifier of 1 to 200 letters, digits or . _ : @ -');

export const claimsSchema = z.object({
  /** The user id. */
  sub: identifier,
  /** The agency the user acts for. */
  agency: identifier,
  role: z.enum(ROLES),
});
export type Claims = z.infer<typeof claimsSchema>;

/**
 * Why a verified token's lifetime is not acceptable, or null. A token must
 * say when it expires: one without `exp` would be valid forever, and no
 * rotation short of changing the key could end it. (The verifier itself
 * refuses an `exp` or `nbf` that has passed or not yet come.)
 */
export function expiryProblem(payload: unknown): string | null {
  const exp = typeof payload === 'object' && payload !== null ? (payload as { exp?: unknown }).exp : undefined;
  if (exp === undefined) return 'the bearer token has no expiry (`exp` claim)';
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'the bearer token\'s `exp` claim is not a number of seconds since 1970';
  return null;
}

/** The user a verified token names, or why its claims do not name one. */
export function userFromClaims(payload: unknown): { user: CurrentUser } | { problem: string } {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'claims'}: ${issue.message}`).join('; ');
    return { problem };
  }
  return { user: { id: parsed.data.sub, agencyId: parsed.data.agency, role: parsed.data.role } };
}

