import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureNeo4jJars, NEO4J_VERSION } from '../../../src/neo4j/embedded/runtime.ts';

describe('the embedded Neo4j runtime', () => {
  it('finds the jars already cached and fetches nothing the second time', () => {
    // The test run's global setup has fetched them into the project cache.
    const started = Date.now();
    const lib = ensureNeo4jJars('.cache/neo4j');
    expect(lib).toContain(join('.cache', 'neo4j', NEO4J_VERSION, 'lib'));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('says what to install when Java is missing', () => {
    const cache = mkdtempSync(join(tmpdir(), 'fugong-nojava-'));
    try {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', '-e', `import('./src/neo4j/embedded/runtime.ts').then(m => m.ensureNeo4jJars(${JSON.stringify(cache)})).catch(e => { console.error(e.message); process.exit(3); })`],
        { env: { ...process.env, PATH: '/nonexistent' }, encoding: 'utf8' },
      );
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(/Java 17 or 21 was not found/);
      expect(result.stderr).toMatch(/openjdk-17-jre-headless/);
      expect(result.stderr).toMatch(/NEO4J_URI/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
