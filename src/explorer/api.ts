/**
 * The API, over HTTP only: queries and mutations with urql's fetch exchange,
 * the live inbox over Server-Sent Events with graphql-sse (a fetch-based
 * stream can send the bearer token; a native EventSource cannot). The token
 * lives in sessionStorage: the tab's session, gone when it closes.
 */
import { Client, CombinedError, fetchExchange, subscriptionExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { createClient as createSseClient } from 'graphql-sse';
import { signal } from '@preact/signals';
import { t } from './i18n.ts';

const TOKEN_KEY = 'fugong.token';

export const token = signal<string | null>(sessionStorage.getItem(TOKEN_KEY));

export function setToken(next: string | null): void {
  if (next) sessionStorage.setItem(TOKEN_KEY, next);
  else sessionStorage.removeItem(TOKEN_KEY);
  token.value = next;
}

/** Whether the live inbox stream is open (the server accepted it); false while it (re)connects. */
export const liveConnected = signal(false);

const headers = (): Record<string, string> => (token.value ? { authorization: `Bearer ${token.value}` } : {});

const sse = createSseClient({
  url: '/graphql',
  headers,
  // One stream per subscription (Yoga's default mode); reconnects are graphql-sse's.
  singleConnection: false,
  retryAttempts: 20,
});

export const client = new Client({
  url: '/graphql',
  requestPolicy: 'network-only',
  fetchOptions: () => ({ headers: headers() }),
  exchanges: [
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? '' };
        return {
          subscribe(sink) {
            const unsubscribe = sse.subscribe(input, sink, {
              connecting: () => (liveConnected.value = false),
              connected: () => (liveConnected.value = true),
            });
            return {
              unsubscribe() {
                liveConnected.value = false;
                unsubscribe();
              },
            };
          },
        };
      },
    }),
  ],
});

/** A refusal or fault, in words with what to do. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export function describe(error: CombinedError): ApiError {
  if (error.networkError && !error.graphQLErrors.length) return new ApiError(t('errorNetwork'), null);
  const first = error.graphQLErrors[0];
  const code = (first?.extensions?.code as string | undefined) ?? null;
  const message = first?.message ?? error.message;
  if (code === 'UNAUTHENTICATED') {
    setToken(null);
    return new ApiError(t('errorUnauthenticated'), code);
  }
  if (code === 'FORBIDDEN') return new ApiError(t('errorForbidden', { message }), code);
  return new ApiError(t('errorOther', { message }), code);
}

export async function query<D, V extends AnyVariables>(document: TypedDocumentNode<D, V>, variables: V): Promise<D> {
  const result = await client.query(document, variables).toPromise();
  if (result.error) throw describe(result.error);
  return result.data as D;
}

export async function mutate<D, V extends AnyVariables>(document: TypedDocumentNode<D, V>, variables: V): Promise<D> {
  const result = await client.mutation(document, variables).toPromise();
  if (result.error) throw describe(result.error);
  return result.data as D;
}

export interface DevUser {
  id: string;
  name: string;
  role: 'VIEWER' | 'COORDINATOR' | 'ADMIN';
  agencyId: string;
  agencyName: string;
}

/** The seed's users when the server runs with its development secret; null otherwise (paste a token then). */
export async function devUsers(): Promise<DevUser[] | null> {
  const response = await fetch('/explorer/sign-in');
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(t('errorOther', { message: ((await response.json()) as { error: string }).error }), null);
  return ((await response.json()) as { users: DevUser[] }).users;
}

export async function devSignIn(userId: string): Promise<void> {
  const response = await fetch('/explorer/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!body.token) throw new ApiError(t('errorOther', { message: body.error ?? String(response.status) }), null);
  setToken(body.token);
}

/** What `POST /datasets/import` answers: the counts written, or the problems (nothing written). */
export type ImportAnswer =
  | { loaded: true; counts: Record<string, number>; warnings: string[] }
  | { loaded: false; message: string; problems: string[]; problemCount: number; moreProblems: Record<string, number> };

async function refusalOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  const code = body.error?.code ?? null;
  const message = body.error?.message ?? String(response.status);
  if (code === 'UNAUTHENTICATED') {
    setToken(null);
    return new ApiError(t('errorUnauthenticated'), code);
  }
  if (code === 'FORBIDDEN') return new ApiError(t('errorForbidden', { message }), code);
  return new ApiError(t('errorOther', { message }), code);
}

/** Uploads a dataset file; its name tells the server the format. The answer comes once the import is done. */
export async function uploadDataset(file: File): Promise<ImportAnswer> {
  const response = await fetch('/datasets/import', { method: 'POST', headers: { ...headers(), 'x-filename': encodeURIComponent(file.name) }, body: file });
  if (response.status === 422) {
    const body = (await response.json()) as { error: { message: string }; problems: string[]; problemCount: number; moreProblems: Record<string, number> };
    return { loaded: false, message: body.error.message, problems: body.problems, problemCount: body.problemCount, moreProblems: body.moreProblems };
  }
  if (!response.ok) throw await refusalOf(response);
  return (await response.json()) as ImportAnswer;
}

/** Downloads the graph (`region` null) or a region's part, as the file `npm run export` writes. */
export async function downloadDataset(region: string | null, format: 'json' | 'ndjson' | 'xlsx'): Promise<{ name: string; blob: Blob }> {
  const selection = region === null ? 'all' : `region=${encodeURIComponent(region)}`;
  const response = await fetch(`/datasets/export?${selection}&format=${format}`, { headers: headers() });
  if (!response.ok) throw await refusalOf(response);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `fugong.${format}`;
  return { name, blob: await response.blob() };
}
