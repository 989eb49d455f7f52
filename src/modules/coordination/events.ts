/**
 * The live inbox's transport: each event is published once per
 * participant agency, and a subscriber listens to its agency's topic only.
 * In-memory by default; pass a shared event target (e.g. Redis-backed,
 * `@graphql-yoga/redis-event-target`) when several replicas serve the API,
 * so an event committed on one reaches subscribers on all. Messages are plain
 * JSON for that reason.
 */
import { createPubSub, type PubSubEventTarget } from 'graphql-yoga';
import { participantsOf, type RequestEventNoticeRecord } from './mappers.ts';

/** An inbox of one kind of notice: each is delivered to the topic of every agency taking part. */
export interface InboxBus<Notice> {
  /** Delivers a committed event to the subscribers of every participant agency. Call only after the commit. */
  publish(notice: Notice): void;
  /** The notices of what the agency takes part in, from now on. */
  subscribe(agencyId: string): AsyncIterable<Notice>;
  /** Open subscriptions of an agency on this replica: for metrics, and for tests to know a stream is listening. */
  subscribers(agencyId: string): number;
}

export type RequestEventBus = InboxBus<RequestEventNoticeRecord>;

/** Topics by name, each keyed by agency id; the messages are plain JSON objects. */
export type InboxTopics = Record<string, [agencyId: string, notice: object]>;

export function createRequestEventBus(eventTarget?: PubSubEventTarget<InboxTopics>): RequestEventBus {
  return createInboxBus('requestEvent', (notice) => participantsOf(notice.request), eventTarget);
}

/** The inbox of any subject with participant agencies (requests here; resumption applications use it too). */
export function createInboxBus<Notice extends object>(
  topic: string,
  participants: (notice: Notice) => readonly string[],
  eventTarget?: PubSubEventTarget<InboxTopics>,
): InboxBus<Notice> {
  const pubsub = createPubSub<InboxTopics>(eventTarget ? { eventTarget } : {});
  const listening = new Map<string, number>();
  const count = (agencyId: string, delta: number) => {
    const next = (listening.get(agencyId) ?? 0) + delta;
    if (next > 0) listening.set(agencyId, next);
    else listening.delete(agencyId);
  };
  return {
    publish(notice) {
      for (const agencyId of new Set(participants(notice))) pubsub.publish(topic, agencyId, notice);
    },
    subscribe(agencyId) {
      // Only `publish` above writes to the topic, and only notices of this bus.
      const source = pubsub.subscribe(topic, agencyId) as AsyncIterable<Notice>;
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
