/**
 * The explorer's tests: the service over HTTP on the shared Neo4j with the
 * seed loaded and the development secret (so the page offers the seed's
 * users), and Debian's chromium driven by playwright-core.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchChromium } from '../../src/cli/chromium.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp, type App } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';
import type { Database } from '../../src/neo4j/database.ts';
import { connectTestDatabase, emptyGraph } from './graph.ts';

export { CHROMIUM, launchChromium } from '../../src/cli/chromium.ts';

/** Where the browser tests write their screenshots of the main views (the README names them). */
export const SCREENSHOTS = new URL('../../dist/screenshots/', import.meta.url).pathname;

/**
 * The main views, as the README shows them: with `UPDATE_SCREENSHOTS=1` a
 * test file copies those it wrote into test/explorer/screenshots/ (committed),
 * so the pictures are refreshed by the run that checks them.
 */
export const COMMITTED_SCREENSHOTS = new URL('../explorer/screenshots/', import.meta.url).pathname;
const MAIN_VIEWS = ['plant', 'outbox', 'region', 'restart-plan', 'timeline', 'applications', 'aid', 'inbox-restriction'];

function commitScreenshots(since: number): void {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(COMMITTED_SCREENSHOTS, { recursive: true });
  for (const name of MAIN_VIEWS) {
    const written = `${SCREENSHOTS}${name}.png`;
    if (existsSync(written) && statSync(written).mtimeMs >= since) copyFileSync(written, `${COMMITTED_SCREENSHOTS}${name}.png`);
  }
}

/**
 * For a test file: the seed served (today as given) and chromium launched
 * before its tests, both closed after them; read `server` and `browser`
 * inside the tests.
 */
export function seedInBrowser(today: string): { readonly server: SeedServer; readonly browser: Browser } {
  const held = {} as { server: SeedServer; browser: Browser };
  const started = Date.now();
  beforeAll(async () => {
    held.server = await startSeedServer({ today });
    held.browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.server?.close();
    commitScreenshots(started);
  });
  return held;
}

export interface SeedServer {
  url: string;
  app: App;
  close(): Promise<void>;
}

/** The service on the seed, as `npm start` serves it in development: the generated secret, kept in a temporary folder. */
export async function startSeedServer(options: { today?: string; env?: Record<string, string> } = {}): Promise<SeedServer> {
  const neo4j = inject('neo4j');
  const home = mkdtempSync(join(tmpdir(), 'fugong-explorer-'));
  const config = loadConfig({
    NEO4J_URI: neo4j.uri,
    NEO4J_USER: neo4j.user,
    NEO4J_PASSWORD: neo4j.password,
    NEO4J_DATABASE: neo4j.database,
    NEO4J_DATA_DIR: join(home, 'neo4j'),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const db: Database = connectTestDatabase();
  await emptyGraph(db);
  const app = await createApp(config, db, createLogger('silent'), options.today ? { today: () => options.today as string } : {});
  await app.datasets.seedIfEmpty();
  const server: Server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    app,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A page that records every console error and uncaught exception. */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on the page as it stands, as `rule: target` lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
