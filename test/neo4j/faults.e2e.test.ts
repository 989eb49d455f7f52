/**
 * The short form of `npm run test:faults`: the service as `npm start` runs
 * it, 10 clients filing, stepping, applying and changing statuses for 30 s
 * and 10 s past the recovery, its Neo4j JVM killed with SIGKILL after 10 s. The service
 * restarts Neo4j on the same store by itself; nothing acknowledged is lost
 * or doubled; derived state equals a fresh evaluation.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, runFaults } from '../faults/faults.ts';

describe('Neo4j killed under write load', () => {
  it('loses nothing acknowledged, doubles nothing, and recovers without a restart of the service', { timeout: 900_000 }, async () => {
    const report = await runFaults({ clients: 10, durationMs: 30_000, killAfterMs: 10_000, afterRecoveryMs: 10_000, firmsPerClient: 100, log: (m) => process.stderr.write(`[faults] ${m}\n`) });
    console.log(formatReport(report));
    // Each client had a round acknowledged (a filing, its three steps, an application and its two, a status change) before the kill.
    expect(report.acknowledged).toBeGreaterThanOrEqual(10 * 8);
    expect(report.acknowledgedAfterRecovery).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.found).toBe(report.acknowledged);
    expect(report.refused).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.able0Mismatches).toEqual([]);
    expect(report.readModelMismatches).toEqual([]);
    expect(report.sawNotReady).toBe(true);
    expect(report.readyAtEnd).toBe(true);
    expect(report.restartedService).toBe(false);
    expect(report.unavailableAnswers).toBeGreaterThan(0);
    // Typed and prompt: a client learns within seconds, not after half a minute of timeouts.
    expect(report.slowestUnavailableMs).toBeLessThan(12_000);
  });
});
