/**
 * The live inboxes' event target shared by replicas: Redis pub/sub
 * (`REDIS_URL`), one connection to publish and one to listen, as Redis
 * requires of a subscribing connection. Start-up waits until both answer,
 * so a wrong URL stops the start instead of silently leaving each replica
 * deaf to the others; after that, ioredis reconnects (and re-subscribes)
 * by itself.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PubSubEvent } from 'graphql-yoga';
import type { InboxEventTarget, InboxTopics } from '../modules/module.ts';

export interface SharedEventTarget {
  target: InboxEventTarget;
  close(): Promise<void>;
}

export class EventTargetError extends Error {
  override name = 'EventTargetError';
}

const CONNECT_TIMEOUT_MS = 10_000;

export async function connectRedisEventTarget(url: string, log: Logger): Promise<SharedEventTarget> {
  // ioredis rejects a failed first connection with "Connection is closed."; the error event before it says why.
  let lastError: string | undefined;
  const open = (role: 'publish' | 'subscribe') => {
    const client = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, connectionName: `fugong-${role}` });
    // The URL may hold a password: log the error's message, never the URL.
    let lastWarned = 0;
    client.on('error', (error: Error) => {
      lastError = error.message;
      if (Date.now() - lastWarned < 10_000) return;
      lastWarned = Date.now();
      log.warn({ role, error: error.message }, 'Redis (live inbox events) unreachable; reconnecting');
    });
    return client;
  };
  const publishClient = open('publish');
  const subscribeClient = open('subscribe');
  const close = async () => {
    await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    publishClient.disconnect();
    subscribeClient.disconnect();
  };
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (error) {
    await close();
    throw new EventTargetError(
      `REDIS_URL does not answer (${lastError ?? (error instanceof Error ? error.message : String(error))}): start Redis, correct REDIS_URL, or unset it to serve one process alone`,
    );
  }
  log.info('live inbox events go through Redis');
  const target: InboxEventTarget = createRedisEventTarget<PubSubEvent<InboxTopics, string>>({ publishClient, subscribeClient });
  return { target, close };
}
