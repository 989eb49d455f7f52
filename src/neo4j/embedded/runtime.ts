/**
 * Runs Neo4j Community from its Maven Central jars, for machines without a
 * Docker engine: fetch the jars once into an ignored cache, write a config
 * that listens on loopback only, set the initial password, start the JVM and
 * wait until Bolt answers. The JVM runs under a small shell watchdog that
 * stops it when this process goes away, however it goes away, so no store is
 * left locked by an orphaned server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

export const NEO4J_VERSION = '5.26.30';
const POM = join(dirname(fileURLToPath(import.meta.url)), 'pom.xml');

export interface EmbeddedOptions {
  /** Server home: conf/, data/, logs/ live here. */
  home: string;
  /** Where the jars are cached (a version folder is created below it). */
  cacheDir: string;
  heap: string;
  pageCache: string;
  log?: (message: string) => void;
}

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
}

export interface EmbeddedNeo4j extends Neo4jConnection {
  home: string;
  pid: number;
  /** Stops the server cleanly (SIGTERM, then SIGKILL after the grace period). Safe to call twice. */
  stop(): Promise<void>;
}

/** Missing Java or Maven, or a server that would not start: the message says what to do. */
export class EmbeddedNeo4jError extends Error {
  override name = 'EmbeddedNeo4jError';
}

const RUN_FILE = 'fugong-run.json';
const CREDENTIALS_FILE = 'fugong-credentials.json';

function requireTool(command: string, args: string[], what: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new EmbeddedNeo4jError(
      `${what} was not found (\`${command} ${args.join(' ')}\` failed). ` +
        `Install it (Debian: apt-get install ${command === 'java' ? 'openjdk-17-jre-headless' : 'maven'}), ` +
        'or set NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD) to use a Neo4j server you run yourself.',
    );
  }
  return `${result.stdout}${result.stderr}`;
}

function checkJava(): void {
  const out = requireTool('java', ['-version'], 'Java 17 or 21');
  const match = /version "(\d+)/.exec(out);
  const major = match ? Number(match[1]) : 0;
  if (major !== 17 && major !== 21) {
    throw new EmbeddedNeo4jError(
      `Neo4j ${NEO4J_VERSION} runs on Java 17 or 21, but \`java -version\` reports ${major || 'an unknown version'}. ` +
        'Install openjdk-17-jre-headless, or set NEO4J_URI to use your own Neo4j server.',
    );
  }
}

/** Fetches the server jars into `cacheDir/<version>/lib` unless they are already there; returns that folder. */
export function ensureNeo4jJars(cacheDir: string, log: (m: string) => void = () => {}): string {
  const versionDir = resolve(cacheDir, NEO4J_VERSION);
  const lib = join(versionDir, 'lib');
  if (existsSync(join(lib, '.complete'))) return lib;
  checkJava();
  requireTool('mvn', ['-v'], 'Maven (mvn)');
  log(`fetching Neo4j ${NEO4J_VERSION} jars from Maven Central into ${lib} (once, about 120 MB)`);
  mkdirSync(versionDir, { recursive: true });
  // Fetch into a private folder and rename, so two processes fetching at once never see half a folder.
  const partial = join(versionDir, `lib.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  const result = spawnSync('mvn', ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${partial}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new EmbeddedNeo4jError(
      `Maven could not fetch Neo4j ${NEO4J_VERSION}: ${(result.stdout + result.stderr).trim().slice(-2000)}\n` +
        'Check that Maven Central is reachable, or set NEO4J_URI to use your own Neo4j server.',
    );
  }
  writeFileSync(join(partial, '.complete'), `${readdirSync(partial).length} jars\n`);
  if (existsSync(join(lib, '.complete'))) {
    rmSync(partial, { recursive: true, force: true });
  } else {
    rmSync(lib, { recursive: true, force: true });
    renameSync(partial, lib);
  }
  return lib;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function writeConfig(home: string, port: number, heap: string, pageCache: string): void {
  const conf = join(home, 'conf');
  mkdirSync(conf, { recursive: true });
  writeFileSync(
    join(conf, 'neo4j.conf'),
    [
      '# Written by Fugong at every start; edits here are overwritten.',
      `server.bolt.listen_address=127.0.0.1:${port}`,
      `server.bolt.advertised_address=127.0.0.1:${port}`,
      'server.http.enabled=false',
      'server.https.enabled=false',
      `server.memory.heap.initial_size=${heap}`,
      `server.memory.heap.max_size=${heap}`,
      `server.memory.pagecache.size=${pageCache}`,
      'db.tx_log.rotation.retention_policy=2 files',
      'server.logs.gc.enabled=false',
      '',
    ].join('\n'),
  );
}

/**
 * Writes conf/neo4j.conf unless the home has one, so that neo4j-admin run on
 * a store before its first start (an offline import) reads the settings the
 * server will. The port is a placeholder: every start rewrites the file.
 */
export function ensureEmbeddedConfig(home: string, heap: string, pageCache: string): void {
  if (!existsSync(join(home, 'conf', 'neo4j.conf'))) writeConfig(home, 7687, heap, pageCache);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function boltAnswers(connection: Neo4jConnection): Promise<boolean> {
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    connectionTimeout: 2000,
    logging: { level: 'error', logger: () => {} },
  });
  try {
    await driver.getServerInfo();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

/**
 * The server another Fugong process started on this home and still runs, if any,
 * so `npm run load` writes through the store `npm start` serves instead of
 * fighting it for the store lock.
 */
export async function findRunningEmbedded(home: string): Promise<(Neo4jConnection & { pid: number }) | undefined> {
  const run = readJson<Neo4jConnection & { pid: number }>(join(home, RUN_FILE));
  if (!run || !alive(run.pid)) return undefined;
  return (await boltAnswers(run)) ? run : undefined;
}

function credentialsFor(home: string, lib: string): Neo4jConnection['password'] {
  const file = join(home, CREDENTIALS_FILE);
  const known = readJson<{ password: string }>(file);
  if (known && existsSync(join(home, 'data', 'dbms'))) return known.password;
  // A leading '-' would be read as an option by neo4j-admin: start with letters.
  const password = `fg${randomBytes(18).toString('base64url')}`;
  // The initial password can only be set before the first start of a store.
  const result = spawnSync('java', ['-cp', join(lib, '*'), 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', password], {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new EmbeddedNeo4jError(`could not set the initial Neo4j password in ${home}: ${(result.stdout + result.stderr).trim()}`);
  }
  writeFileSync(file, JSON.stringify({ password }), { mode: 0o600 });
  return password;
}

// The watchdog: forwards SIGTERM/SIGINT to the JVM, and stops it when its stdin
// (a pipe from this process) reaches end of file, which happens when this
// process exits for any reason, SIGKILL included.
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null & jvm=$!',
  'trap \'kill -TERM $jvm 2>/dev/null\' TERM INT',
  '( while read -r _; do :; done; kill -TERM $jvm 2>/dev/null ) <&3 &',
  'wait $jvm; status=$?',
  'while kill -0 $jvm 2>/dev/null; do wait $jvm; status=$?; done',
  'exit $status',
].join('\n');

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

function logTail(home: string): string {
  for (const file of [join(home, 'logs', 'neo4j.log'), join(home, 'logs', 'console.log')]) {
    if (existsSync(file)) return readFileSync(file, 'utf8').split('\n').slice(-25).join('\n');
  }
  return '(no log written)';
}

/** Starts Neo4j on 127.0.0.1 on a free Bolt port, with the store in `options.home`. */
export async function startEmbeddedNeo4j(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const log = options.log ?? (() => {});
  const lib = ensureNeo4jJars(options.cacheDir, log);
  const home = resolve(options.home);
  mkdirSync(join(home, 'logs'), { recursive: true });
  const running = await findRunningEmbedded(home);
  if (running) {
    throw new EmbeddedNeo4jError(`a Neo4j server (pid ${running.pid}) already serves ${home}; stop it first or connect to ${running.uri}`);
  }
  const port = await freePort();
  writeConfig(home, port, options.heap, options.pageCache);
  const password = credentialsFor(home, lib);
  const connection: Neo4jConnection = { uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password };

  const console = openSync(join(home, 'logs', 'console.log'), 'a');
  const child = spawn(
    'sh',
    ['-c', WATCHDOG, 'neo4j-watchdog', 'java', `-Xmx${options.heap}`, '-XX:+UseG1GC', '-cp', join(lib, '*'),
      'org.neo4j.server.CommunityEntryPoint', `--home-dir=${home}`, `--config-dir=${join(home, 'conf')}`],
    { stdio: ['pipe', console, console], env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') } },
  );
  closeSync(console);
  const pid = child.pid ?? 0;
  log(`starting Neo4j ${NEO4J_VERSION} (pid ${pid}) on ${connection.uri}, store ${home}`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // Neo4j checkpoints on SIGTERM; give it time so the store is never left half-written.
        if (!(await waitForExit(child, 90_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      child.stdin?.destroy();
      rmSync(join(home, RUN_FILE), { force: true });
    })();
    return stopping;
  };

  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new EmbeddedNeo4jError(`Neo4j exited with code ${child.exitCode} while starting. Last log lines:\n${logTail(home)}`);
    }
    if (await boltAnswers(connection)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new EmbeddedNeo4jError(`Neo4j did not answer on ${connection.uri} within 180 s. Last log lines:\n${logTail(home)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  writeFileSync(join(home, RUN_FILE), JSON.stringify({ ...connection, pid }), { mode: 0o600 });
  log(`Neo4j answers on ${connection.uri}`);
  return { ...connection, home, pid, stop };
}
