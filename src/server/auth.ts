/**
 * Authentication: every GraphQL request carries a bearer token whose claims
 * name a user, an agency and a role; anything else is refused with 401 and
 * `UNAUTHENTICATED` before any resolver runs. `/health`, `/ready` and the
 * GraphiQL page are answered earlier in the pipeline and stay open, so a
 * user can open GraphiQL and paste a token into its headers editor.
 */
import { createInlineSigningKeyProvider, createRemoteJwksSigningKeyProvider, useJWT } from '@graphql-yoga/plugin-jwt';
import { createSecretKey } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { userFromClaims } from '../modules/identity/claims.ts';
import type { TokenKey } from '../modules/identity/tokens.ts';
import { unauthenticated } from '../modules/shared/errors.ts';

export const JWT_CONTEXT_FIELD = 'jwt';

function payloadOf(context: Record<string, unknown>): unknown {
  const jwt = context[JWT_CONTEXT_FIELD] as { payload?: unknown } | undefined;
  return jwt?.payload;
}

/** The authenticated user of a request context; throws UNAUTHENTICATED when there is none. */
export function authenticatedUser(context: Record<string, unknown>) {
  const payload = payloadOf(context);
  if (payload === undefined) throw unauthenticated('no valid bearer token');
  const found = userFromClaims(payload);
  if ('problem' in found) throw unauthenticated(`the token's claims are not usable: ${found.problem}`);
  return found.user;
}

/**
 * The plugin verifies signature, expiry, issuer and audience and leaves the
 * payload on the server context; rejection is ours, so that every refusal
 * carries the same code and says what to send instead.
 */
export function useAuthentication(key: TokenKey, log: Logger): Plugin[] {
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
        : createRemoteJwksSigningKeyProvider({ jwksUri: key.url, cache: true, rateLimit: true, timeout: 5000 }),
    ],
    tokenVerification: {
      algorithms: key.kind === 'secret' ? ['HS256'] : ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'],
      ...verification,
    },
    reject: { missingToken: false, invalidToken: false },
    extendContext: JWT_CONTEXT_FIELD,
  });
  const reject: Plugin = {
    onRequestParse({ request, serverContext }) {
      const context = serverContext as Record<string, unknown>;
      if (payloadOf(context) !== undefined) {
        authenticatedUser(context);
        return;
      }
      const header = request.headers.get('authorization');
      if (header === null) {
        throw unauthenticated('no bearer token: send `Authorization: Bearer <token>` (`npm run token -- --agency ID --role ROLE` mints one)');
      }
      log.debug('refused a bearer token that did not verify');
      throw unauthenticated('the bearer token is invalid or expired');
    },
  };
  return [jwt as Plugin, reject];
}
