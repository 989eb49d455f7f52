/**
 * Whether the graph holds an agency, as every request asks about its token's
 * agency: answered from memory for a short while, so a request pays a lookup
 * only when its agency was not asked about lately. A dataset loaded through
 * this process clears the memory at once; one loaded by another process
 * (`npm run load`, another API process) shows within the TTL.
 */
import type { Database } from '../../neo4j/database.ts';
import * as cypher from './cypher.ts';

export interface AgencyDirectoryOptions {
  /** How long a found agency is trusted, in ms. */
  heldTtlMs?: number;
  /** How long a missing agency stays missing, in ms: short, so a new agency's tokens work soon after it is loaded elsewhere. */
  missingTtlMs?: number;
  /** Most agencies remembered; past it the memory starts again (a nation has a few thousand agencies). */
  maxEntries?: number;
  now?: () => number;
}

export class AgencyDirectory {
  private readonly remembered = new Map<string, { held: boolean; until: number }>();
  private readonly asking = new Map<string, Promise<boolean>>();
  private generation = 0;
  private readonly heldTtlMs: number;
  private readonly missingTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    options: AgencyDirectoryOptions = {},
  ) {
    this.heldTtlMs = options.heldTtlMs ?? 30_000;
    this.missingTtlMs = options.missingTtlMs ?? 2_000;
    this.maxEntries = options.maxEntries ?? 20_000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Whether the graph holds the agency: a boolean when remembered, else a promise of one (one query per agency at a time). */
  holds(agencyId: string, requestId?: string): boolean | Promise<boolean> {
    const entry = this.remembered.get(agencyId);
    if (entry && entry.until > this.now()) return entry.held;
    const pending = this.asking.get(agencyId);
    if (pending) return pending;
    const generation = this.generation;
    const asked = this.db
      .read({ operation: 'identity.agencyHeld', ...(requestId ? { requestId } : {}) }, (tx) => cypher.heldAgencyIds(tx, [agencyId]))
      .then((ids) => {
        const held = ids.includes(agencyId);
        // An answer read before a load may be stale: use it for this request, remember it only if no load came since.
        if (generation === this.generation) {
          if (this.remembered.size >= this.maxEntries) this.remembered.clear();
          this.remembered.set(agencyId, { held, until: this.now() + (held ? this.heldTtlMs : this.missingTtlMs) });
        }
        return held;
      })
      .finally(() => {
        if (this.asking.get(agencyId) === asked) this.asking.delete(agencyId);
      });
    this.asking.set(agencyId, asked);
    return asked;
  }

  /** Forgets every answer: the graph's agencies may have changed (a dataset was loaded). */
  forget(): void {
    this.generation++;
    this.remembered.clear();
    this.asking.clear();
  }
}
