/**
 * The live inbox's transport: each event is published once per
 * participant agency, and a subscriber listens to its agency's topic only.
 * In-memory by default; pass a shared event target (e.g. Redis-backed,
 * `@graphql-yoga/redis-event-target`) when several replicas serve the API,
 * so an event committed on one reaches subscribers on all. Messages are plain
 * JSON for that reason.
 */
import { createPubSub } from 'graphql-yoga';
import type { InboxEventTarget, InboxTopics } from '../module.ts';
import { participantsOf, type RequestEventNoticeRecord } from './mappers.ts';

/** An inbox of one kind of notice: each is delivered to the topic of every agency taking part. */
export interface InboxBus<Notice> {
  /** Delivers a committed event to the subscribers of every participant agency. Call only after the commit. */
  publish(notice: Notice): void;
  /** The notices of what the agency takes part in, from now on. */
  subscribe(agencyId: string): AsyncIterable<Notice>;
  /** Open subscriptions on this replica, of one agency or (without one) of all: for metrics, and for tests to know a stream is listening. */
  subscribers(agencyId?: string): number;
}

export type RequestEventBus = InboxBus<RequestEventNoticeRecord>;

export function createRequestEventBus(eventTarget?: InboxEventTarget): RequestEventBus {
  return createInboxBus('requestEvent', (notice) => participantsOf(notice.request), eventTarget);
}

/** The inbox of any subject with participant agencies (requests here; resumption applications use it too). */
export function createInboxBus<Notice extends object>(
  topic: string,
  participants: (notice: Notice) => readonly string[],
  eventTarget?: InboxEventTarget,
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
      const source = (pubsub.subscribe(topic, agencyId) as AsyncIterable<Notice>)[Symbol.asyncIterator]();
      // Not an async generator: a generator waiting inside `yield*` for the next notice cannot be returned until one
      // arrives, so a client that disconnected from a quiet inbox would keep its subscription forever. The pub/sub's
      // own iterator ends a pending `next` when returned; this wrapper only keeps the count.
      let open = true;
      count(agencyId, 1);
      const close = () => {
        if (open) {
          open = false;
          count(agencyId, -1);
        }
      };
      const iterator: AsyncIterableIterator<Notice> = {
        [Symbol.asyncIterator]: () => iterator,
        async next() {
          const result = await source.next();
          if (result.done) close();
          return result;
        },
        async return(value?: unknown) {
          close();
          await source.return?.();
          return { done: true, value: value as Notice };
        },
        async throw(error?: unknown) {
          close();
          await source.return?.();
          throw error;
        },
      };
      return iterator;
    },
    subscribers: (agencyId) => (agencyId === undefined ? [...listening.values()].reduce((sum, n) => sum + n, 0) : (listening.get(agencyId) ?? 0)),
  };
}
