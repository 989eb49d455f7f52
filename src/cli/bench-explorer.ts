/**
 * `npm run bench:explorer -- [--enterprises N] [--seed S] [--store DIR] [--runs R]`
 *
 * The explorer in headless chromium (playwright-core) against the service as
 * `npm start` serves it: on the seed by default, on a generated network of N
 * enterprises with `--enterprises` (bench-store.ts: generated, bulk-imported,
 * kept with `--store`). Printed figures, not a test: each measure R times
 * (default 5), its median and worst beside the target.
 *
 *   first load          a new browser context (nothing cached) from the
 *                       navigation until the search box is on screen
 *   typing              the input event of a search until its suggestions
 *                       are painted (the page waits 60 ms for a pause in
 *                       typing before it asks)
 *   opening a plant     the choice of a suggestion until its readiness and
 *                       upstream chain are laid out and painted; the plant
 *                       with the chain nearest 200 nodes among a sample
 *   expanding           a supplier with the most customers: "expand
 *                       customers" until the new nodes are painted (at most
 *                       200 shown), and the longest gap between animation
 *                       frames meanwhile
 *
 * Times are taken inside the page (performance.now), so the driver's round
 * trips are not in them. More in bench-explorer.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { restartReadiness } from '../analysis/index.ts';
import { loadConfig, type Config } from '../config.ts';
import { buildExplorer } from '../explorer/build.ts';
import { mintToken, resolveTokenKey } from '../modules/identity/tokens.ts';
import { startEmbeddedNeo4j } from '../neo4j/embedded/runtime.ts';
import { Database } from '../neo4j/database.ts';
import { createApp, type App } from '../server/app.ts';
import { createLogger } from '../server/logger.ts';
import { BENCH_ASOF } from './bench-queries.ts';
import { flag, openBenchStore, prepareBenchStore, say, spread, storeFlag } from './bench-store.ts';
import { launchChromium } from './chromium.ts';

const enterprises = process.argv.includes('--enterprises') ? flag('enterprises', 1) : null;
const seed = flag('seed', 1);
const runs = flag('runs', 5);
const storeDir = storeFlag();
/** The seed's story happens on this day. */
const SEED_TODAY = '2020-02-10';
/** How many plants are tried for the chain nearest 200 nodes. */
const PLANT_SAMPLE = 60;

interface Service {
  url: string;
  app: App;
  db: Database;
  config: Config;
  today: string;
  label: string;
  close(): Promise<void>;
}

/** The seed in a Neo4j of its own, in a temporary folder (with the development secret beside it), as `npm start` serves it on an empty store. */
async function seedService(): Promise<Omit<Service, 'url'>> {
  const work = mkdtempSync(join(tmpdir(), 'fugong-bench-explorer-'));
  const config = loadConfig({ ...process.env, NEO4J_DATA_DIR: join(work, 'neo4j'), LOG_LEVEL: 'silent', OPERATOR_AGENCIES: 'bench' });
  const neo4j = config.NEO4J_URI
    ? null
    : await startEmbeddedNeo4j({ home: config.NEO4J_DATA_DIR, cacheDir: config.NEO4J_CACHE_DIR, heap: process.env.NEO4J_HEAP ?? '1g', pageCache: process.env.NEO4J_PAGECACHE ?? '512m', log: say });
  const db = Database.connect(neo4j ?? { uri: config.NEO4J_URI!, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD ?? '' }, config.NEO4J_DATABASE);
  const app = await createApp(config, db, createLogger('silent'), { today: () => SEED_TODAY });
  await app.datasets.seedIfEmpty();
  return {
    app,
    db,
    config,
    today: SEED_TODAY,
    label: 'the seed',
    async close() {
      await db.close();
      await neo4j?.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A generated network (bench-store.ts), its able0 and read model computed. */
async function generatedService(size: number): Promise<Omit<Service, 'url'>> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_ON_EMPTY: 'false', ANALYSIS_READ_MODEL: 'memory', OPERATOR_AGENCIES: 'bench' });
  const store = await openBenchStore({ enterprises: size, seed, storeDir, config });
  const db = Database.connect(store.connection, config.NEO4J_DATABASE);
  const app = await createApp(config, db, createLogger('silent'), { today: () => BENCH_ASOF });
  await prepareBenchStore(app, store);
  return {
    app,
    db,
    config,
    today: BENCH_ASOF,
    label: `a generated network of ${store.counts.enterprises.toLocaleString('en')} enterprises, ${store.counts.supplies.toLocaleString('en')} supplies`,
    async close() {
      await db.close();
      await store.close();
    },
  };
}

async function ids(db: Database, cypher: string): Promise<{ id: string; n: number }[]> {
  const result = await db.query<{ id: string; n: number }>({ operation: 'bench.explorer' }, cypher);
  return result.records.map((r) => ({ id: r.get('id'), n: Number(r.get('n')) }));
}

/** The nodes the page draws when a plant opens: the plant, its direct suppliers, and every step of its root causes' paths. */
function chainSize(service: Service, plantId: string, direct: readonly string[]): number {
  const model = service.app.analysis.currentReadModel!;
  const readiness = restartReadiness(model.trusted, plantId, service.today, model.cache);
  const nodes = new Set([plantId, ...direct]);
  for (const cause of readiness.rootCauses) for (const step of cause.path) nodes.add(step);
  for (const cause of readiness.logisticsRootCauses) for (const step of cause.path) nodes.add(step);
  return nodes.size;
}

/** A plant to open (the chain nearest 200 nodes among a sample of blocked ones), the supplier with most customers, and search terms. */
async function subjects(service: Service): Promise<{ plant: string; chain: number; supplier: string; customers: number; terms: string[] }> {
  const plants = await ids(
    service.db,
    `MATCH (e:Enterprise) WHERE e.status <> 'CLOSED' AND NOT coalesce(e.able0, false) AND EXISTS { (e)-[:NEEDS]->() } RETURN e.id AS id, 0 AS n ORDER BY id`,
  );
  const sample = spread(plants, PLANT_SAMPLE).map((p) => p.id);
  const direct = await service.db.query<{ id: string; suppliers: string[] }>(
    { operation: 'bench.explorer' },
    `UNWIND $ids AS id MATCH (e:Enterprise {id: id}) RETURN id, COLLECT { MATCH (s:Enterprise)-[:SUPPLIES]->(e) RETURN DISTINCT s.id } AS suppliers`,
    { ids: sample },
  );
  const sized = direct.records.map((r) => ({ id: r.get('id'), chain: chainSize(service, r.get('id'), r.get('suppliers')) }));
  sized.sort((a, b) => Math.abs(a.chain - 200) - Math.abs(b.chain - 200) || a.id.localeCompare(b.id));
  const [supplier] = await ids(service.db, `MATCH (s:Enterprise)-[:SUPPLIES]->(c:Enterprise) WITH s, count(DISTINCT c) AS n ORDER BY n DESC, s.id LIMIT 1 RETURN s.id AS id, n`);
  const names = await service.db.query<{ name: string }>({ operation: 'bench.explorer' }, `MATCH (e:Enterprise) RETURN e.name AS name ORDER BY e.id`);
  // Two to four characters from inside a name, as a person types part of one they know.
  const terms = spread(
    names.records.map((r) => r.get('name') as string),
    runs,
  ).map((name, i) => name.slice(2 + (i % 2), 5 + (i % 2)));
  if (!sized[0] || !supplier) throw new Error('the graph has no blocked plant or no supply edge to open');
  return { plant: sized[0].id, chain: sized[0].chain, supplier: supplier.id, customers: supplier.n, terms };
}

/** A signed-in tab: the token in its session storage, as the page keeps it after sign-in. */
async function signedInPage(browser: Browser, service: Service, token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await context.addInitScript((t) => sessionStorage.setItem('fugong.token', t), token);
  // tsx compiles with esbuild's keepNames, which wraps the functions handed to page.evaluate in a helper the page lacks.
  await context.addInitScript('globalThis.__name = (f) => f');
  const page = await context.newPage();
  page.on('pageerror', (error) => say(`page error: ${error.message}`));
  return page;
}

/** Milliseconds from the navigation until the search box is painted. */
async function firstLoad(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('#search-input', { timeout: 60_000 });
  return page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
}

/** Milliseconds from the input event of `term` until suggestions are painted (the box is emptied first). */
function typeToSuggestions(page: Page, term: string): Promise<number> {
  return page.evaluate(async (text) => {
    const input = document.querySelector<HTMLInputElement>('#search-input')!;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const type = (value: string) => (setValue.call(input, value), input.dispatchEvent(new Event('input', { bubbles: true })));
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    type('');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await frame();
    const start = performance.now();
    type(text);
    await new Promise<void>((resolve, reject) => {
      const shown = () => document.querySelector('#search-suggestions li') !== null;
      if (shown()) return resolve();
      const timer = setTimeout(() => reject(new Error(`no suggestions for ${text} within 30 s`)), 30_000);
      const observer = new MutationObserver(() => shown() && (observer.disconnect(), clearTimeout(timer), resolve()));
      observer.observe(document.body, { childList: true, subtree: true });
    });
    await frame();
    return performance.now() - start;
  }, term);
}

/**
 * Opens the enterprise from its id's suggestion: milliseconds from the choice
 * until its readiness and chain are painted, and how many nodes the chain list holds.
 */
async function openEnterprise(page: Page, id: string): Promise<{ ms: number; nodes: number }> {
  await typeToSuggestions(page, id);
  return page.evaluate(async (wanted) => {
    const option = [...document.querySelectorAll<HTMLElement>('#search-suggestions [role=option]')].find((o) => o.textContent?.includes(wanted));
    if (!option) throw new Error(`no suggestion names ${wanted}`);
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const start = performance.now();
    option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    await new Promise<void>((resolve, reject) => {
      const drawn = () => document.querySelector(`[data-testid=chain-list] li[data-id="${CSS.escape(wanted)}"]`) !== null && document.querySelector('[data-testid=readiness]') !== null;
      if (drawn()) return resolve();
      const timer = setTimeout(() => reject(new Error(`the chain of ${wanted} was not drawn within 60 s`)), 60_000);
      const observer = new MutationObserver(() => drawn() && (observer.disconnect(), clearTimeout(timer), resolve()));
      observer.observe(document.body, { childList: true, subtree: true });
    });
    await frame();
    return { ms: performance.now() - start, nodes: document.querySelectorAll('[data-testid=chain-list] li').length };
  }, id);
}

/** With the supplier open: its node picked, then "expand customers" until the new nodes are painted; the longest gap between frames meanwhile. */
async function expandCustomers(page: Page, id: string): Promise<{ ms: number; added: number; longestFrame: number }> {
  await page.locator(`[data-testid=chain-list] li[data-id="${id}"] button`).first().click();
  await page.getByTestId('details').waitFor();
  return page.evaluate(async () => {
    const list = () => document.querySelectorAll('[data-testid=chain-list] li').length;
    const before = list();
    const button = [...document.querySelectorAll<HTMLButtonElement>('[data-testid=details] button')][1]!;
    let longest = 0;
    let last = performance.now();
    let watching = true;
    const tick = (now: number) => {
      longest = Math.max(longest, now - last);
      last = now;
      if (watching) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    await frame();
    const start = performance.now();
    button.click();
    await new Promise<void>((resolve, reject) => {
      const grown = () => list() > before;
      const timer = setTimeout(() => reject(new Error('expanding added no node within 60 s')), 60_000);
      const observer = new MutationObserver(() => grown() && (observer.disconnect(), clearTimeout(timer), resolve()));
      observer.observe(document.body, { childList: true, subtree: true });
    });
    await frame();
    await frame();
    const ms = performance.now() - start;
    watching = false;
    return { ms, added: list() - before, longestFrame: longest };
  });
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;

function row(measure: string, xs: readonly number[], target: number, targetText: string): string {
  const worst = Math.max(...xs);
  const verdict = worst <= target ? 'within' : median(xs) <= target ? 'median within, worst over' : 'over';
  return `| ${measure} | ${ms(median(xs))} | ${ms(worst)} | ${targetText} | ${verdict} |`;
}

async function main(): Promise<void> {
  await buildExplorer({ print: say });
  const base = enterprises === null ? await seedService() : await generatedService(enterprises);
  let http: Server | undefined;
  let browser: Browser | undefined;
  try {
    await base.app.analysis.whenDayPrepared();
    http = createServer(base.app.yoga);
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const service: Service = { ...base, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
    const token = await mintToken(resolveTokenKey(service.config) as { secret: string }, { sub: 'bench', agency: 'bench', role: 'VIEWER' }, 3600);
    const { plant, chain, supplier, customers, terms } = await subjects(service);
    browser = await launchChromium();
    say(`measuring in chromium ${browser.version()}: ${runs} runs each`);

    const loads: number[] = [];
    const typing: number[] = [];
    const opening: number[] = [];
    const expanding: number[] = [];
    const frames: number[] = [];
    let drawn = 0;
    let added = 0;
    for (let run = 0; run < runs; run++) {
      const page = await signedInPage(browser, service, token);
      loads.push(await firstLoad(page, service.url));
      typing.push(await typeToSuggestions(page, terms[run % terms.length]!));
      const opened = await openEnterprise(page, plant);
      opening.push(opened.ms);
      drawn = opened.nodes;
      await openEnterprise(page, supplier);
      const expansion = await expandCustomers(page, supplier);
      expanding.push(expansion.ms);
      frames.push(expansion.longestFrame);
      added = expansion.added;
      await page.context().close();
    }

    const out = [
      `explorer on ${service.label}, as of ${service.today}; ${cpus().length} cores, chromium ${browser.version()}, ${runs} runs (median, worst)`,
      '',
      '| measure | median | worst | target | |',
      '|---|---|---|---|---|',
      row('first load to interactive (nothing cached)', loads, 1000, '≤ 1 s'),
      row(`typing to suggestions (${terms.length} terms; 60 ms of it the page's pause for typing)`, typing, 150, '≤ 150 ms'),
      row(`opening a plant, its chain laid out and drawn (${plant}: ${drawn} nodes, ${chain} expected)`, opening, 500, '≤ 500 ms for 200 nodes'),
      row(`expanding a supplier's customers (${supplier}: ${customers.toLocaleString('en')} customers, ${added} drawn)`, expanding, 500, '≤ 500 ms'),
      row('longest frame while expanding', frames, 200, '≤ 200 ms'),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await browser?.close();
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http!.close(() => resolve()));
    }
    await base.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fugong bench:explorer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
