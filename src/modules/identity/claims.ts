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


/** The user a verified token names, or why its claims do not name one. */
export function userFromClaims(payload: unknown): { user: CurrentUser } | { problem: string } {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'claims'}: ${issue.message}`).join('; ');
    return { problem };
  }
  return { user: { id: parsed.data.sub, agencyId: parsed.data.agency, role: parsed.data.role } };
}

