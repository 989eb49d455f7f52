/**
 * Rate limits: requests per minute per client address and per user (a
 * token's subject, so a user's tokens share one allowance), and open
 * subscriptions per user. Each is a token bucket holding a minute's
 * allowance: a client may spend it in a burst, then at the steady rate, and
 * a refusal says when the next request will be taken. In process: each API
 * process counts its own clients.
 */
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLContext } from '../modules/context.ts';
import { rateLimited, type LimitName } from '../modules/shared/errors.ts';
import { authenticatedUser } from './auth.ts';

/** Buckets kept before the full ones (clients idle for a minute) are dropped. */
const MAX_BUCKETS = 50_000;

export class RequestBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one request for `key`: null when allowed, else the whole seconds until one would be. */
  take(key: string): number | null {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    } else {
      if (this.buckets.size >= MAX_BUCKETS) this.dropFull(now);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  private dropFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    // Every client busy at once: start again rather than grow without bound.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}

function addressOf(serverContext: unknown): string | undefined {
  return (serverContext as { req?: IncomingMessage } | undefined)?.req?.socket?.remoteAddress;
}

function limiter(limit: LimitName, perMinute: number, who: string) {
  const buckets = perMinute > 0 ? new RequestBuckets(perMinute) : undefined;
  return (key: string) => {
    const wait = buckets?.take(key);
    if (wait === undefined || wait === null) return;
    throw rateLimited(limit, perMinute, `more than ${perMinute} requests a minute from ${who} (${limit}); retry in ${wait} s`, wait);
  };
}

/** Per address, before the token is even verified, so floods of guesses are slowed too. */
export function useAddressRateLimit(perMinute: number): Plugin {
  const take = limiter('RATE_LIMIT_PER_ADDRESS_PER_MINUTE', perMinute, 'this address');
  return {
    onRequestParse({ serverContext }) {
      const address = addressOf(serverContext);
      if (address !== undefined) take(address);
    },
  };
}

/** Per user; registered after authentication, which has refused every request without a usable token. */
export function useUserRateLimit(perMinute: number): Plugin {
  const take = limiter('RATE_LIMIT_PER_USER_PER_MINUTE', perMinute, 'this user');
  return {
    onRequestParse({ serverContext }) {
      take(authenticatedUser(serverContext as Record<string, unknown>).id);
    },
  };
}

/** Open subscriptions (live inbox streams) per user; a refused one answers 429 before any stream opens. */
export function useSubscriptionLimit(maxPerUser: number): Plugin<GraphQLContext> & { open(userId: string): number } {
  const open = new Map<string, number>();
  const release = (userId: string) => {
    const left = (open.get(userId) ?? 1) - 1;
    if (left > 0) open.set(userId, left);
    else open.delete(userId);
  };
  return {
    open: (userId) => open.get(userId) ?? 0,
    onSubscribe({ args, setResultAndStopExecution }) {
      const userId = args.contextValue.user.id;
      const count = open.get(userId) ?? 0;
      if (count >= maxPerUser) {
        setResultAndStopExecution({
          errors: [rateLimited('SUBSCRIPTIONS_PER_USER_MAX', maxPerUser, `this user already has ${count} open subscriptions (SUBSCRIPTIONS_PER_USER_MAX); close one before opening another`)],
        });
        return;
      }
      open.set(userId, count + 1);
      let released = false;
      const once = () => {
        if (!released) {
          released = true;
          release(userId);
        }
      };
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in Object(result))) {
            once();
            return;
          }
          return { onEnd: once };
        },
        onSubscribeError: once,
      };
    },
  };
}
