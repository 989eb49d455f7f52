/**
 * One Neo4j for the whole test run: the one NEO4J_URI names; else a
 * testcontainer where a Docker engine answers; else the project's own
 * embedded server on a fresh, empty store in a temporary folder, stopped
 * (and the folder removed) when the run ends.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedNeo4j } from '../../src/neo4j/embedded/runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: { uri: string; user: string; password: string; database: string };
  }
}

function dockerAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && result.stdout.trim() !== '';
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.NEO4J_URI) {
    project.provide('neo4j', {
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
    });
    return async () => {};
  }
  if (dockerAnswers()) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword('fugong-test').start();
    project.provide('neo4j', { uri: container.getBoltUri(), user: 'neo4j', password: 'fugong-test', database: 'neo4j' });
    return async () => {
      await container.stop();
    };
  }
  const home = mkdtempSync(join(tmpdir(), 'fugong-test-neo4j-'));
  const server = await startEmbeddedNeo4j({
    home,
    cacheDir: process.env.NEO4J_CACHE_DIR ?? '.cache/neo4j',
    heap: process.env.NEO4J_HEAP ?? '1g',
    pageCache: process.env.NEO4J_PAGECACHE ?? '256m',
    log: (message) => process.stderr.write(`[neo4j] ${message}\n`),
  });
  project.provide('neo4j', { uri: server.uri, user: server.user, password: server.password, database: 'neo4j' });
  return async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  };
}
