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
  /** What the server does; a death and a give-up come as `warn` and `error`. */
  log?: (message: string, level?: 'info' | 'warn' | 'error') => void;
}

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
}

export interface EmbeddedNeo4j extends Neo4jConnection {
  home: string;
  /** The watchdog's process, which the JVM runs under. */
  pid: number;
  /** Stops the server cleanly (SIGTERM, then SIGKILL after the grace period). Safe to call twice. */
  stop(): Promise<void>;
}

/** Missing Java or Maven, or a server that would not start: the message says what to do. */
export class EmbeddedNeo4jError extends Error {
  override name = 'EmbeddedNeo4jError';
}

const RUN_FILE = 'fugong-run.json';
/** The JVM's own pid, written by the watchdog: what dies when Neo4j dies. */
const JVM_PID_FILE = 'fugong-jvm.pid';
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
  'echo $jvm > "$FUGONG_JVM_PID_FILE"',
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

/** Whether the embedded server answers: `down` while it is dead and being restarted, `failed` once restarts gave up. */
export type EmbeddedState = 'up' | 'down' | 'failed';

/** A change of the server's state, with what happened in words, for the service's log. */
export interface EmbeddedStateChange {
  state: EmbeddedState;
  message: string;
  /** The JVM that died, or that now serves. */
  pid: number;
}

/** How the server is restarted when its JVM dies: at most `maxRestarts` within `windowMs`, waiting `backoffMs` doubled after each failed attempt. */
export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  backoffMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 5, windowMs: 10 * 60_000, backoffMs: 1000 };

/** How long one start may take before it counts as failed. */
const START_TIMEOUT_MS = 180_000;

/** The watchdog and the JVM under it, started once. */
interface Launch {
  child: ChildProcess;
  pid: number;
}

/**
 * Starts Neo4j on 127.0.0.1 on a free Bolt port, with the store in
 * `options.home`, and keeps it running: when its JVM dies (a crash, the OOM
 * killer, `kill -9`), it is started again on the same store and port, so the
 * driver's next connection finds it, within the bounds of `restart`. Each
 * death, restart and give-up is reported to `onStateChange`.
 */
export async function startEmbeddedNeo4j(
  options: EmbeddedOptions & { restart?: RestartPolicy; onStateChange?: (change: EmbeddedStateChange) => void },
): Promise<EmbeddedNeo4j & { readonly state: EmbeddedState; onStateChange(listener: (change: EmbeddedStateChange) => void): void }> {
  const log = options.log ?? (() => {});
  const policy = options.restart ?? DEFAULT_RESTART_POLICY;
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
  const listeners = options.onStateChange ? [options.onStateChange] : [];
  const tell = (change: EmbeddedStateChange) => {
    for (const listener of listeners) listener(change);
  };

  let current: Launch | undefined;
  let state: EmbeddedState = 'down';
  let stopping: Promise<void> | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  const restarts: number[] = [];

  const launch = (): Launch => {
    const console = openSync(join(home, 'logs', 'console.log'), 'a');
    const child = spawn(
      'sh',
      ['-c', WATCHDOG, 'neo4j-watchdog', 'java', `-Xmx${options.heap}`, '-XX:+UseG1GC', '-cp', join(lib, '*'),
        'org.neo4j.server.CommunityEntryPoint', `--home-dir=${home}`, `--config-dir=${join(home, 'conf')}`],
      { stdio: ['pipe', console, console], env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf'), FUGONG_JVM_PID_FILE: join(home, JVM_PID_FILE) } },
    );
    closeSync(console);
    const launched = { child, pid: child.pid ?? 0 };
    child.once('exit', (code, signal) => {
      // The watchdog's reader of this pipe ends with it.
      child.stdin?.destroy();
      if (stopping === undefined && current === launched && state === 'up') died(launched, code, signal);
    });
    return launched;
  };

  /** Waits until Bolt answers on the launch, or throws with the log's last lines. */
  const answered = async (launched: Launch): Promise<void> => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const { child } = launched;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new EmbeddedNeo4jError(`Neo4j exited with ${child.exitCode ?? child.signalCode} while starting. Last log lines:\n${logTail(home)}`);
      }
      if (await boltAnswers(connection)) return;
      if (stopping !== undefined) throw new EmbeddedNeo4jError('Neo4j was stopped while starting');
      if (Date.now() > deadline) {
        await kill(launched);
        throw new EmbeddedNeo4jError(`Neo4j did not answer on ${connection.uri} within ${START_TIMEOUT_MS / 1000} s. Last log lines:\n${logTail(home)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const kill = async ({ child }: Launch): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // Neo4j checkpoints on SIGTERM; give it time so the store is never left half-written.
      if (!(await waitForExit(child, 90_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    child.stdin?.destroy();
  };

  const up = (launched: Launch, message: string) => {
    state = 'up';
    const jvmPid = Number(readFileSync(join(home, JVM_PID_FILE), 'utf8').trim()) || null;
    writeFileSync(join(home, RUN_FILE), JSON.stringify({ ...connection, pid: launched.pid, jvmPid }), { mode: 0o600 });
    log(message);
    tell({ state, message, pid: launched.pid });
  };

  const died = (launched: Launch, code: number | null, signal: NodeJS.Signals | null) => {
    state = 'down';
    const how = signal ? `signal ${signal}` : code !== null && code > 128 ? `signal ${code - 128} (exit code ${code})` : `exit code ${code}`;
    const message = `Neo4j (watchdog pid ${launched.pid}) died with ${how}; restarting it on the same store ${home}`;
    log(message, 'warn');
    tell({ state, message, pid: launched.pid });
    scheduleRestart(0);
  };

  const scheduleRestart = (failures: number) => {
    const now = Date.now();
    while (restarts.length > 0 && restarts[0]! < now - policy.windowMs) restarts.shift();
    if (restarts.length >= policy.maxRestarts) {
      state = 'failed';
      const message =
        `Neo4j was restarted ${restarts.length} times within ${Math.round(policy.windowMs / 1000)} s and is down again: not restarting it any more. ` +
        `Its log is in ${join(home, 'logs')}; restart the service once the cause is fixed. Last log lines:\n${logTail(home)}`;
      log(message, 'error');
      tell({ state, message, pid: current?.pid ?? 0 });
      return;
    }
    const delay = policy.backoffMs * 2 ** failures;
    restarts.push(now);
    restartTimer = setTimeout(() => void restart(failures, delay), delay);
  };

  const restart = async (failures: number, waited: number) => {
    restartTimer = undefined;
    if (stopping !== undefined) return;
    const attempt = restarts.length;
    const launched = launch();
    current = launched;
    log(`restarting Neo4j (watchdog pid ${launched.pid}, attempt ${attempt} of at most ${policy.maxRestarts}, after ${waited} ms) on ${connection.uri}`);
    try {
      await answered(launched);
    } catch (error) {
      if (stopping !== undefined) return;
      log(`Neo4j did not come back (attempt ${attempt}): ${(error as Error).message.split('\n')[0]}`, 'warn');
      await kill(launched);
      scheduleRestart(failures + 1);
      return;
    }
    if (stopping === undefined) up(launched, `Neo4j answers again on ${connection.uri} (watchdog pid ${launched.pid}), on the same store`);
  };

  const first = launch();
  current = first;
  log(`starting Neo4j ${NEO4J_VERSION} (pid ${first.pid}) on ${connection.uri}, store ${home}`);

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearTimeout(restartTimer);
      if (current) await kill(current);
      rmSync(join(home, RUN_FILE), { force: true });
    })();
    return stopping;
  };

  try {
    await answered(first);
  } catch (error) {
    await stop();
    throw error;
  }
  up(first, `Neo4j answers on ${connection.uri}`);
  return {
    ...connection,
    home,
    get pid() {
      return current?.pid ?? 0;
    },
    get state() {
      return state;
    },
    onStateChange(listener) {
      listeners.push(listener);
    },
    stop,
  };
}
