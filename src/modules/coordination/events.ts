/**
 * The live inbox's transport: each request event is published once per
 * participant agency, and a subscriber listens to its agency's topic only.
 * In-memory by default; pass a shared event target (e.g. Redis-backed,
 * `@graphql-yoga/redis-event-target`) when several replicas serve the API,
 * so an event committed on one reaches subscribers on all. Messages are plain
 * JSON for that reason.
 */
import { createPubSub, type PubSubEventTarget } from 'graphql-yoga';
import { participantsOf, type RequestEventNoticeRecord } from './mappers.ts';

type Topics = { requestEvent: [agencyId: string, notice: RequestEventNoticeRecord] };

export interface RequestEventBus {
  /** Delivers a committed event to the subscribers of every participant agency. Call only after the commit. */
  publish(notice: RequestEventNoticeRecord): void;
  /** The events of requests the agency takes part in, from now on. */
  subscribe(agencyId: string): AsyncIterable<RequestEventNoticeRecord>;
  /** Open subscriptions of an agency on this replica: for metrics, and for tests to know a stream is listening. */
  subscribers(agencyId: string): number;
}

export function createRequestEventBus(eventTarget?: PubSubEventTarget<Topics>): RequestEventBus {
  const pubsub = createPubSub<Topics>(eventTarget ? { eventTarget } : {});
  const listening = new Map<string, number>();
  const count = (agencyId: string, delta: number) => {
    const next = (listening.get(agencyId) ?? 0) + delta;
    if (next > 0) listening.set(agencyId, next);
    else listening.delete(agencyId);
  };
  return {
    publish(notice) {
      for (const agencyId of participantsOf(notice.request)) pubsub.publish('requestEvent', agencyId, notice);
    },
    subscribe(agencyId) {
      const source = pubsub.subscribe('requestEvent', agencyId);
      return (async function* () {
        count(agencyId, 1);
        try {
          yield* source;
        } finally {
          count(agencyId, -1);
        }
      })();
    },
    subscribers: (agencyId) => listening.get(agencyId) ?? 0,
  };
}
