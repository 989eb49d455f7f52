/**
 * Authentication: every GraphQL request carries a bearer token that expires
 * and whose claims name a user, a role and an agency the graph holds;
 * anything else is refused with 401 and `UNAUTHENTICATED` before any
 * resolver runs. `/health`, `/ready` and the GraphiQL page are answered
 * earlier in the pipeline and stay open, so a user can open GraphiQL and
 * paste a token into its headers editor.
 */
import { createInlineSigningKeyProvider, createRemoteJwksSigningKeyProvider, useJWT } from '@graphql-yoga/plugin-jwt';
import { createSecretKey, randomBytes } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { expiryProblem, userFromClaims } from '../modules/identity/claims.ts';
import type { AgencyDirectory } from '../modules/identity/agencies.ts';
import type { TokenKey } from '../modules/identity/tokens.ts';
import { unauthenticated } from '../modules/shared/errors.ts';
import type { CurrentUser } from '../modules/shared/user.ts';

export const JWT_CONTEXT_FIELD = 'jwt';

const HOW_TO_GET_ONE = '`npm run token -- --agency ID --role ROLE` mints one for development';

function payloadOf(context: Record<string, unknown>): unknown {
  const jwt = context[JWT_CONTEXT_FIELD] as { payload?: unknown } | undefined;
  return jwt?.payload;
}

/** The authenticated user of a request context; throws UNAUTHENTICATED when there is none. */
export function authenticatedUser(context: Record<string, unknown>): CurrentUser {
  const payload = payloadOf(context);
  if (payload === undefined) throw unauthenticated('no valid bearer token');
  const expiry = expiryProblem(payload);
  if (expiry) throw unauthenticated(`${expiry}; ask for a token that expires (${HOW_TO_GET_ONE})`);
  const found = userFromClaims(payload);
  if ('problem' in found) throw unauthenticated(`the token's claims are not usable: ${found.problem}`);
  return found.user;
}

/** `Authorization: Bearer <token>`, the scheme in any case (RFC 7235: auth schemes are case-insensitive). */
export function bearerToken(header: string | null): string | undefined {
  const match = header === null ? null : /^bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * The identity provider's keys. A token naming a key id the JWKS does not
 * publish was signed with another key: it gets a key it cannot verify with,
 * so it is refused as invalid (401) rather than as the provider being
 * unreachable, which the plugin answers as a fault of ours.
 */
function jwksKeys(url: string) {
  const remote = createRemoteJwksSigningKeyProvider({ jwksUri: url, cache: true, rateLimit: true, timeout: 5000 });
  const verifiesNothing = createSecretKey(randomBytes(32)) as unknown as string;
  return async (kid?: string) => {
    try {
      return await remote(kid);
    } catch (error) {
      if (error instanceof Error && error.name === 'SigningKeyNotFoundError') return verifiesNothing;
      throw error;
    }
  };
}

export interface AuthenticationOptions {
  /** Agencies whose tokens are accepted though the graph holds no such agency (config `OPERATOR_AGENCIES`). */
  operatorAgencies: readonly string[];
}

/**
 * The plugin verifies signature, expiry, not-before, issuer and audience and
 * leaves the payload on the server context; rejection is ours, so that every
 * refusal carries the same code and says what to send instead.
 */
export function useAuthentication(key: TokenKey, agencies: AgencyDirectory, log: Logger, options: AuthenticationOptions): Authentication {
  const operators = new Set(options.operatorAgencies);
  const verification = {
    ...(key.issuer ? { issuer: key.issuer } : {}),
    ...(key.audience ? { audience: key.audience } : {}),
  };
  const jwt = useJWT({
    signingKeyProviders: [
      key.kind === 'secret'
        ? // jsonwebtoken first tries a string secret as a public key, which throws (with a stack trace) on
          // every request; a KeyObject goes straight to HMAC. The plugin types the key as a string and
          // hands it through as given.
          createInlineSigningKeyProvider(createSecretKey(Buffer.from(key.secret)) as unknown as string)
        : jwksKeys(key.url),
    ],
    tokenLookupLocations: [
      ({ request }) => {
        const token = bearerToken(request.headers.get('authorization'));
        return token ? { prefix: 'Bearer', token } : undefined;
      },
    ],
    tokenVerification: {
      algorithms: key.kind === 'secret' ? ['HS256'] : ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'],
      ...verification,
    },
    reject: { missingToken: false, invalidToken: false },
    extendContext: JWT_CONTEXT_FIELD,
  });
  const unknownAgency = (agencyId: string) =>
    unauthenticated(
      `the token's agency ${JSON.stringify(agencyId)} is not an agency of the loaded dataset; ask for a token whose \`agency\` claim is your agency's id as the dataset names it`,
    );
  const reject: Plugin = {
    onRequestParse({ request, serverContext }) {
      const context = serverContext as Record<string, unknown>;
      if (payloadOf(context) !== undefined) {
        const user = authenticatedUser(context);
        if (operators.has(user.agencyId)) return;
        const held = agencies.holds(user.agencyId);
        if (held === true) return;
        if (held === false) throw unknownAgency(user.agencyId);
        return held.then((found) => {
          if (!found) throw unknownAgency(user.agencyId);
        });
      }
      const header = request.headers.get('authorization');
      if (header === null) {
        throw unauthenticated(`no bearer token: send \`Authorization: Bearer <token>\` (${HOW_TO_GET_ONE})`);
      }
      if (bearerToken(header) === undefined) {
        throw unauthenticated('the Authorization header is not `Bearer <token>`: send the token after the word Bearer and one space');
      }
      log.debug('refused a bearer token that did not verify');
      throw unauthenticated('the bearer token is invalid or expired');
    },
  };
  const plugins: Plugin[] = [jwt as Plugin, reject];
  return {
    plugins,
    async authenticate(request) {
      // The same plugins, on a context of this request alone: what GraphQL accepts, and nothing else, is accepted here.
      const serverContext: Record<string, unknown> = {};
      const payload = { request, url: new URL(request.url), serverContext } as unknown as Parameters<NonNullable<Plugin['onRequestParse']>>[0];
      await jwt.onRequestParse!(payload);
      await reject.onRequestParse!(payload);
      return authenticatedUser(serverContext);
    },
  };
}

export interface Authentication {
  /** For Yoga, in this order: the JWT plugin, then the refusals. */
  plugins: Plugin[];
  /**
   * The user of an HTTP request outside GraphQL (the dataset routes), by the
   * same verification; throws the same UNAUTHENTICATED errors.
   */
  authenticate(request: Request): Promise<CurrentUser>;
}
