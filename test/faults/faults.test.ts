/**
 * The fault run's write clients judge every answer: a write refused with
 * DATABASE_UNAVAILABLE (or found no server, or lost a race) is retried with
 * the same idempotency key; any other refusal, INTERNAL_SERVER_ERROR above
 * all, is recorded with its code, message and request id, and fails the run.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, held, writer, type Answer, type FaultReport, type Posted, type WriteTally } from './faults.ts';

const tally = (): WriteTally => ({ writesTried: 0, acknowledgedAfterRecovery: 0, refused: [], unavailableAnswers: 0, slowestUnavailableMs: 0, problems: [] });
const refusedWith = (code: string, message: string): Answer => ({ data: null, errors: [{ message, extensions: { code } }] });
/** A service that answers the given posts in turn. */
const answering = (...answers: Posted[]) => {
  const sent: Record<string, unknown>[] = [];
  return { sent, post: async (_token: string, _query: string, variables: Record<string, unknown>) => (sent.push(variables), answers.shift()!) };
};

const passing = (): FaultReport => ({
  writesTried: 10, acknowledged: 8, found: 8, lost: 0, duplicated: 0, secondsToRecover: 4, sawNotReady: true, readyAtEnd: true, restartedService: false,
  acknowledgedAfterRecovery: 3, refused: [], unavailableAnswers: 2, slowestUnavailableMs: 900, able0Mismatches: [], readModelMismatches: [], problems: [],
});

describe('a fault run client', () => {
  it('retries DATABASE_UNAVAILABLE, no answer at all and a lost race with the same variables until the write is acknowledged', async () => {
    const service = answering(
      { status: 200, body: refusedWith('DATABASE_UNAVAILABLE', 'The graph database is unreachable right now; try again shortly.'), ms: 40 },
      { status: 0, body: null, ms: 2000 },
      { status: 200, body: refusedWith('CONFLICT', 'A concurrent change to the same data won; nothing was changed.'), ms: 30 },
      { status: 200, body: { data: { fileCoordinationRequest: { request: { id: 'CR-000001' } } } }, ms: 20 },
    );
    const t = tally();
    const answer = await writer(service.post, t, () => true)('token', 'mutation', { input: { idempotencyKey: 'c0-r0' } });
    expect(answer?.data).toEqual({ fileCoordinationRequest: { request: { id: 'CR-000001' } } });
    expect(service.sent).toEqual(Array(4).fill({ input: { idempotencyKey: 'c0-r0' } }));
    expect(t).toMatchObject({ writesTried: 4, unavailableAnswers: 1, slowestUnavailableMs: 40, acknowledgedAfterRecovery: 1, refused: [] });
  });

  it('records an INTERNAL_SERVER_ERROR with its message and request id, gives the write up, and the run does not hold', async () => {
    const service = answering({ status: 200, body: refusedWith('INTERNAL_SERVER_ERROR', 'Unexpected error.'), ms: 12, requestId: 'req-42' });
    const t = tally();
    expect(await writer(service.post, t, () => true)('token', 'mutation', { id: 'CR-000001' })).toBeNull();
    expect(t.refused).toEqual(['INTERNAL_SERVER_ERROR: Unexpected error. [request req-42] ({"id":"CR-000001"})']);
    const report = { ...passing(), refused: t.refused };
    expect(held(passing())).toBe(true);
    expect(held(report)).toBe(false);
    expect(formatReport(report)).toContain('refused (1):\n  INTERNAL_SERVER_ERROR: Unexpected error. [request req-42]');
  });

  it('takes a step refused as already taken for the acknowledgement its lost answer was, and records any other business refusal', async () => {
    const already = refusedWith('INVALID_TRANSITION', 'the request is already ACKNOWLEDGED');
    already.errors![0]!.extensions!.status = 'ACKNOWLEDGED';
    const t = tally();
    const done = (a: Answer) => a.errors?.[0]?.extensions?.status === 'ACKNOWLEDGED';
    expect(await writer(answering({ status: 200, body: already, ms: 5 }).post, t, () => false)('token', 'mutation', {}, done)).toBe(already);
    expect(t.refused).toEqual([]);
    expect(await writer(answering({ status: 200, body: refusedWith('FORBIDDEN', 'not yours'), ms: 5 }).post, t, () => false)('token', 'mutation', {})).toBeNull();
    expect(await writer(answering({ status: 500, body: null, ms: 5, requestId: 'req-7' }).post, t, () => false)('token', 'mutation', {})).toBeNull();
    expect(t.refused).toEqual(['FORBIDDEN: not yours ({})', 'HTTP 500 without a GraphQL answer [request req-7]']);
  });
});
