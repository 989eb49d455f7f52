/**
 * Neo4j killed under write load. Starts the service as `npm start` does (a
 * real process, its own embedded Neo4j on a fresh store), loads a dataset,
 * and drives filings, request transitions, resumption applications and
 * status changes from concurrent clients for a bounded time; midway the
 * Neo4j JVM is killed with SIGKILL. Each client retries a write that failed
 * with DATABASE_UNAVAILABLE (or found no server) with the same idempotency
 * key, as a bureau's client would, and logs what was acknowledged.
 *
 * Afterwards, against that log: every acknowledged write is in the
 * database, nothing exists twice, `able0` and the service's read model equal
 * a fresh evaluation, `/ready` was 503 while Neo4j was down and 200 after,
 * and the service recovered without being restarted.
 *
 * `neo4j: 'external'` runs the same against a server the service is pointed
 * at with NEO4J_URI, as a deployment on its own Neo4j is: the harness starts
 * that server (the project's own, on a store of its own), kills its JVM and
 * starts it again on the same store and port after a pause; the service must
 * wait for it to come back, and restarts nothing itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startEmbeddedNeo4j, type Neo4jConnection } from '../../src/neo4j/embedded/runtime.ts';
import { Database } from '../../src/neo4j/database.ts';
import { mintToken } from '../../src/modules/identity/tokens.ts';
import { todayInShanghai } from '../../src/modules/shared/dates.ts';
import { buildReadModel } from '../../src/modules/analysis/read-model.ts';
import { AGENCIES, REGIONS } from '../support/fixtures.ts';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const SECRET = 'fugong-faults-secret-0123456789abcdef-not-for-production';
export const OPS = 'agency-faults-ops';
const QINGYANG = 'agency-qingyang';
const TIANJIN = 'agency-tianjin';

export interface FaultOptions {
  clients: number;
  /** How long the clients start new work, and at least `afterRecoveryMs` past the recovery; each then finishes what it is doing. */
  durationMs: number;
  afterRecoveryMs: number;
  /** When the JVM is killed, from the clients' start: not before every client has had a round acknowledged. */
  killAfterMs: number;
  /** Enterprises per client that apply for resumption: one per round. */
  firmsPerClient: number;
  /** Whose Neo4j: the service's own (default), or a server it is pointed at with NEO4J_URI. */
  neo4j?: 'embedded' | 'external';
  log: (message: string) => void;
}

/** How long the external server stays down after its JVM is killed before the harness starts it again. */
const EXTERNAL_OUTAGE_MS = 5_000;

export interface FaultReport {
  writesTried: number;
  acknowledged: number;
  found: number;
  lost: number;
  duplicated: number;
  /** From the kill to the first 200 of /ready after it. */
  secondsToRecover: number;
  sawNotReady: boolean;
  readyAtEnd: boolean;
  restartedService: boolean;
  /** Writes acknowledged after /ready answered 200 again: the service works on after recovering. */
  acknowledgedAfterRecovery: number;
  /** Writes refused with another code than DATABASE_UNAVAILABLE: none is expected. */
  refused: string[];
  unavailableAnswers: number;
  /** The slowest DATABASE_UNAVAILABLE answer, in ms. */
  slowestUnavailableMs: number;
  able0Mismatches: string[];
  readModelMismatches: string[];
  problems: string[];
}

/** What the clients write to: per client a suspended supplier and its plant, a supplier toggled between statuses, and firms that apply for resumption. */
export function writeTargets(clients: number, firms: number) {
  const enterprises: Record<string, unknown>[] = [];
  const components: Record<string, unknown>[] = [];
  const makes: Record<string, unknown>[] = [];
  const needs: Record<string, unknown>[] = [];
  const supplies: Record<string, unknown>[] = [];
  for (let c = 0; c < clients; c++) {
    components.push({ id: `ft-part-${c}`, name: `零件${c}` }, { id: `ft-tog-part-${c}`, name: `配件${c}` });
    enterprises.push(
      { id: `ft-sup-${c}`, name: `滨海供应商${c}`, region: '120116', status: 'SUSPENDED' },
      { id: `ft-plant-${c}`, name: `青羊工厂${c}`, region: '510105', status: 'OPERATING', workforce: 80 },
      { id: `ft-tog-${c}`, name: `滨海配件厂${c}`, region: '120116', status: 'OPERATING' },
    );
    makes.push({ enterprise: `ft-sup-${c}`, component: `ft-part-${c}` }, { enterprise: `ft-tog-${c}`, component: `ft-tog-part-${c}` });
    needs.push({ enterprise: `ft-plant-${c}`, component: `ft-part-${c}` });
    supplies.push({ supplier: `ft-sup-${c}`, customer: `ft-plant-${c}`, component: `ft-part-${c}` });
    for (let j = 0; j < 3; j++) {
      enterprises.push({ id: `ft-cust-${c}-${j}`, name: `青羊客户${c}-${j}`, region: '510105', status: 'OPERATING' });
      needs.push({ enterprise: `ft-cust-${c}-${j}`, component: `ft-tog-part-${c}` });
      supplies.push({ supplier: `ft-tog-${c}`, customer: `ft-cust-${c}-${j}`, component: `ft-tog-part-${c}` });
    }
    for (let k = 0; k < firms; k++) enterprises.push({ id: `ft-firm-${c}-${k}`, name: `青羊企业${c}-${k}`, region: '510105', status: 'SUSPENDED', workforce: 50 });
  }
  return { regions: REGIONS, agencies: AGENCIES, enterprises, components, makes, needs, supplies };
}

export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; status?: string } }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One API process as `npm start` runs it: its own embedded Neo4j on a fresh store, or the server `env.NEO4J_URI` names. */
export class Service {
  readonly home = mkdtempSync(join(tmpdir(), 'fugong-faults-'));
  child!: ChildProcess;
  url!: string;
  exited: { code: number | null; signal: string | null } | null = null;

  /** Set for an external server: where the service connects, and the server's home (its run file names the JVM). */
  external: { connection: Neo4jConnection; home: string } | null = null;

  constructor(private readonly overrides: Record<string, string> = {}) {}

  async start(log: (m: string) => void): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEO4J_DATA_DIR: join(this.home, 'neo4j'),
      NEO4J_CACHE_DIR: resolve(ROOT, process.env.NEO4J_CACHE_DIR ?? '.cache/neo4j'),
      NEO4J_HEAP: '512m',
      NEO4J_PAGECACHE: '128m',
      JWT_SECRET: SECRET,
      OPERATOR_AGENCIES: OPS,
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_USER_PER_MINUTE: '0',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
      ...this.overrides,
    };
    if (!this.overrides.NEO4J_URI) delete env.NEO4J_URI;
    if (this.external) {
      delete env.NEO4J_DATA_DIR;
      Object.assign(env, { NEO4J_URI: this.external.connection.uri, NEO4J_USER: this.external.connection.user, NEO4J_PASSWORD: this.external.connection.password });
    }
    const logFile = createWriteStream(join(this.home, 'service.log'));
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.pipe(logFile);
    this.child.stderr!.pipe(logFile);
    this.child.once('exit', (code, signal) => (this.exited = { code, signal }));
    const deadline = Date.now() + 300_000;
    while ((await this.ready()) !== 200) {
      if (this.exited) throw new Error(`the service exited while starting: ${this.logTail()}`);
      if (Date.now() > deadline) throw new Error(`the service did not become ready: ${this.logTail()}`);
      await sleep(500);
    }
    log(`service ready at ${this.url} (pid ${this.child.pid})`);
  }

  async ready(): Promise<number> {
    try {
      return (await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {
      return 0;
    }
  }

  logTail(): string {
    try {
      return readFileSync(join(this.home, 'service.log'), 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '(no log)';
    }
  }

  run(): { uri: string; password: string; jvmPid: number } {
    const run = JSON.parse(readFileSync(join(this.external?.home ?? join(this.home, 'neo4j'), 'fugong-run.json'), 'utf8')) as { uri: string; password: string; jvmPid: number };
    return run;
  }

  async post(token: string, query: string, variables: Record<string, unknown>, timeoutMs = 60_000): Promise<Posted> {
    const started = performance.now();
    try {
      const response = await fetch(`${this.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await response.json()) as Answer;
      return { status: response.status, body, ms: performance.now() - started, requestId: response.headers.get('x-request-id') ?? undefined };
    } catch {
      return { status: 0, body: null, ms: performance.now() - started };
    }
  }

  get logPath(): string {
    return join(this.home, 'service.log');
  }

  /**
   * Stops the service and removes its home; with `keepLogAs`, the service's
   * log is first copied there, so the errors behind a failed run (logged with
   * the driver's own codes) can still be read.
   */
  async stop(keepLogAs?: string): Promise<void> {
    if (this.child && !this.exited) {
      this.child.kill('SIGTERM');
      await new Promise<void>((r) => (this.exited ? r() : this.child.once('exit', () => r())));
    }
    if (keepLogAs) copyFileSync(this.logPath, keepLogAs);
    rmSync(this.home, { recursive: true, force: true });
  }
}

export interface Posted {
  status: number;
  body: Answer | null;
  ms: number;
  /** The service's id of the request (`x-request-id`), under which its log records what went wrong. */
  requestId?: string;
}
/** One operation to some API process; status 0 when none answered. */
export type Post = (token: string, query: string, variables: Record<string, unknown>, timeoutMs?: number) => Promise<Posted>;

const FILE = `mutation($input: FileCoordinationRequestInput!) { fileCoordinationRequest(input: $input) { joined replayed request { id } } }`;
const STEP = (field: string) => `mutation($id: ID!) { ${field}(id: $id) { id status } }`;
const APPLY = `mutation($input: FileResumptionApplicationInput!) { fileResumptionApplication(input: $input) { replayed application { id status } } }`;
const SET = `mutation($id: ID!, $s: EnterpriseStatus!) { setEnterpriseStatus(enterpriseId: $id, status: $s) { status } }`;

/** What the clients were told was written. */
export interface ClientLog {
  requests: Map<string, string>;
  transitions: { requestId: string; kind: string }[];
  applications: Map<string, { id: string; firm: string; steps: number }>;
  statusChanges: Map<string, { acked: number; last: string }>;
}

export const newClientLog = (): ClientLog => ({ requests: new Map(), transitions: [], applications: new Map(), statusChanges: new Map() });

/** What the writes met on their way, apart from what they wrote. */
export type WriteTally = Pick<FaultReport, 'writesTried' | 'acknowledgedAfterRecovery' | 'refused' | 'unavailableAnswers' | 'slowestUnavailableMs' | 'problems'>;
export type Write = (token: string, query: string, variables: Record<string, unknown>, done?: (a: Answer) => boolean) => Promise<Answer | null>;

/**
 * One logical write, retried with the same variables (so the same idempotency
 * key) while the database is unavailable, as a bureau's client would; the
 * answer, or null when refused. `recovered` says whether Neo4j is back after a kill.
 */
export function writer(post: Post, tally: WriteTally, recovered: () => boolean): Write {
  return async (token, query, variables, done) => {
    const deadline = Date.now() + 240_000;
    for (;;) {
      tally.writesTried++;
      const { status, body, ms, requestId } = await post(token, query, variables);
      const code = body?.errors?.[0]?.extensions?.code;
      const request = requestId ? ` [request ${requestId}]` : '';
      if (body && (!body.errors || done?.(body))) {
        if (recovered()) tally.acknowledgedAfterRecovery++;
        return body;
      }
      if (code === 'DATABASE_UNAVAILABLE') {
        tally.unavailableAnswers++;
        tally.slowestUnavailableMs = Math.max(tally.slowestUnavailableMs, ms);
      } else if (body && code !== 'CONFLICT') {
        tally.refused.push(`${code}: ${body.errors?.[0]?.message}${request} (${JSON.stringify(variables).slice(0, 200)})`);
        return null;
      } else if (!body && status !== 0) {
        tally.refused.push(`HTTP ${status} without a GraphQL answer${request}`);
        return null;
      }
      if (Date.now() > deadline) {
        tally.problems.push(`a write was not acknowledged within 240 s: ${query.slice(0, 60)}`);
        return null;
      }
      await sleep(300);
    }
  };
}

export interface WriteTokens {
  admin: string;
  qingyang: string;
  tianjin: string;
}

export async function writeTokens(): Promise<WriteTokens> {
  return {
    admin: await mintToken({ secret: SECRET }, { sub: 'faults-admin', agency: OPS, role: 'ADMIN' }, 3600),
    qingyang: await mintToken({ secret: SECRET }, { sub: 'faults-qingyang', agency: QINGYANG, role: 'COORDINATOR' }, 3600),
    tianjin: await mintToken({ secret: SECRET }, { sub: 'faults-tianjin', agency: TIANJIN, role: 'COORDINATOR' }, 3600),
  };
}

/** A transition whose earlier attempt committed but whose answer was lost is refused as a step from where it already is. */
const alreadyAt = (status: string) => (a: Answer) => a.errors?.[0]?.extensions?.code === 'INVALID_TRANSITION' && a.errors[0]!.extensions!.status === status;

/**
 * Client `c`'s writes, one at a time: per round a coordination request filed
 * and taken through its three steps, a firm's resumption application filed,
 * checked and approved, and a status change; each with its idempotency key,
 * what was acknowledged logged. Yields after each write, `roundDone` after a round's last.
 */
export async function* clientWrites(write: Write, tokens: WriteTokens, clientLog: ClientLog, c: number, firms: number): AsyncGenerator<{ roundDone: boolean }> {
  const today = todayInShanghai();
  const due = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const { admin, qingyang, tianjin } = tokens;
  for (let n = 0; n < firms; n++) {
    const key = `c${c}-r${n}`;
    const filed = await write(qingyang, FILE, {
      input: { addresseeAgencyId: TIANJIN, targets: [{ enterpriseId: `ft-sup-${c}`, componentId: `ft-part-${c}` }], message: `请协调复工 ${key}`, dueDate: due, idempotencyKey: key },
    });
    // Each acknowledgement is logged before the yield: a client may stop at any yield.
    const requestId = (filed?.data?.fileCoordinationRequest as { request: { id: string } } | undefined)?.request.id;
    if (requestId) clientLog.requests.set(key, requestId);
    yield { roundDone: false };
    if (requestId) {
      for (const [field, status] of [['acknowledgeRequest', 'ACKNOWLEDGED'], ['startRequest', 'IN_PROGRESS'], ['resolveRequest', 'RESOLVED']] as const) {
        if (await write(tianjin, STEP(field), { id: requestId }, alreadyAt(status))) clientLog.transitions.push({ requestId, kind: status });
        yield { roundDone: false };
      }
    }
    const firm = `ft-firm-${c}-${n}`;
    const applied = await write(qingyang, APPLY, {
      input: { enterpriseId: firm, plannedDate: today, workforceReturning: 10, measures: ['MASKS', 'TEMPERATURE_CHECKS'], idempotencyKey: `c${c}-a${n}` },
    });
    const applicationId = (applied?.data?.fileResumptionApplication as { application: { id: string } } | undefined)?.application.id;
    const application = applicationId ? { id: applicationId, firm, steps: 0 } : null;
    if (application) clientLog.applications.set(`c${c}-a${n}`, application);
    yield { roundDone: false };
    if (application) {
      if (await write(qingyang, STEP('startOnSiteCheck'), { id: application.id }, alreadyAt('ON_SITE_CHECK'))) application.steps++;
      yield { roundDone: false };
      if (await write(qingyang, STEP('approveApplication'), { id: application.id }, alreadyAt('APPROVED'))) application.steps++;
      yield { roundDone: false };
    }
    const target = n % 2 === 0 ? 'SUSPENDED' : 'OPERATING';
    if (await write(admin, SET, { id: `ft-tog-${c}`, s: target })) {
      const seen = clientLog.statusChanges.get(`ft-tog-${c}`) ?? { acked: 0, last: 'OPERATING' };
      clientLog.statusChanges.set(`ft-tog-${c}`, { acked: seen.acked + 1, last: target });
    }
    yield { roundDone: true };
  }
}

export async function runFaults(options: FaultOptions): Promise<FaultReport> {
  const { clients, log } = options;
  const service = new Service();
  const report: FaultReport = {
    writesTried: 0, acknowledged: 0, found: 0, lost: 0, duplicated: 0, secondsToRecover: Number.NaN,
    sawNotReady: false, readyAtEnd: false, restartedService: false, acknowledgedAfterRecovery: 0, refused: [], unavailableAnswers: 0, slowestUnavailableMs: 0,
    able0Mismatches: [], readModelMismatches: [], problems: [],
  };
  let external: { stop(): Promise<void> } | null = null;
  let finished = false;
  const keptLog = `${service.home}-service.log`;
  try {
    if (options.neo4j === 'external') {
      const home = mkdtempSync(join(tmpdir(), 'fugong-faults-external-'));
      // The harness's own supervisor plays the operator who brings the server back: once, after a pause.
      const server = await startEmbeddedNeo4j({
        home,
        cacheDir: resolve(ROOT, process.env.NEO4J_CACHE_DIR ?? '.cache/neo4j'),
        heap: '512m',
        pageCache: '128m',
        restart: { maxRestarts: 1, windowMs: 3_600_000, backoffMs: EXTERNAL_OUTAGE_MS },
        log: (m) => log(`external Neo4j: ${m}`),
      });
      external = { stop: async () => {
        await server.stop();
        rmSync(home, { recursive: true, force: true });
      } };
      service.external = { connection: { uri: server.uri, user: server.user, password: server.password }, home };
      log(`external Neo4j at ${server.uri}`);
    }
    await service.start(log);
    log(`service log: ${service.logPath} (kept as ${keptLog} if the run fails)`);
    const pid = service.child.pid;
    const tokens = await writeTokens();
    const { admin } = tokens;
    const loaded = await service.post(admin, 'mutation($d: JSON!) { loadDataset(dataset: $d) { loaded problems { path message } } }', { d: writeTargets(clients, options.firmsPerClient) }, 600_000);
    if ((loaded.body?.data?.loadDataset as { loaded?: boolean } | undefined)?.loaded !== true) throw new Error(`the dataset did not load: ${JSON.stringify(loaded.body)}`);

    const clientLog = newClientLog();
    const started = Date.now();
    const stopAt = started + options.durationMs;
    let killedAt = 0;
    let recoveredAt = 0;
    const readiness: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const status = await service.ready();
        readiness.push({ at: Date.now(), status });
        if (killedAt && status !== 200) report.sawNotReady = true;
        if (killedAt && report.sawNotReady && status === 200 && !recoveredAt) recoveredAt = Date.now();
        await sleep(250);
      }
    })();

    const write = writer((...args) => service.post(...args), report, () => recoveredAt > 0);
    const rounds = new Array<number>(clients).fill(0);
    const going = () => Date.now() < stopAt || !recoveredAt || Date.now() < recoveredAt + options.afterRecoveryMs;
    const client = async (c: number) => {
      for await (const { roundDone } of clientWrites(write, tokens, clientLog, c, options.firmsPerClient)) {
        if (!roundDone) continue;
        rounds[c] = (rounds[c] ?? 0) + 1;
        if (!going()) break;
      }
    };

    const killer = (async () => {
      await sleep(options.killAfterMs);
      while (rounds.some((r) => r === 0)) await sleep(100);
      const { jvmPid } = service.run();
      killedAt = Date.now();
      process.kill(jvmPid, 'SIGKILL');
      log(`killed the Neo4j JVM (pid ${jvmPid}) with SIGKILL after ${Math.round((killedAt - started) / 1000)} s`);
    })();
    await Promise.all([...Array.from({ length: clients }, (_, c) => client(c)), killer]);
    log(`clients done after ${Math.round((Date.now() - started) / 1000)} s`);
    polling = false;
    await poller;
    report.readyAtEnd = (await service.ready()) === 200;
    report.secondsToRecover = recoveredAt ? (recoveredAt - killedAt) / 1000 : Number.NaN;
    report.restartedService = service.exited !== null || service.child.pid !== pid;

    await verify(service, admin, clientLog, report);
    finished = true;
    return report;
  } finally {
    const keep = !finished || !held(report);
    await service.stop(keep ? keptLog : undefined);
    if (keep) log(`the service's log is kept at ${keptLog}`);
    await external?.stop();
  }
}

async function verify(service: Service, admin: string, clientLog: ClientLog, report: FaultReport): Promise<void> {
  const run = service.run();
  const db = Database.connect({ uri: run.uri, user: 'neo4j', password: run.password }, 'neo4j');
  try {
    await verifyWrites((...args) => service.post(...args), db, admin, clientLog, report, { requests: 0, applications: 0 });

    // Derived state: the stored able0 flags and the service's read model against a fresh evaluation.
    const { model, stored } = await buildReadModel(db);
    model.graph.ids.forEach((id, i) => {
      if ((model.able0[i] === 1) !== stored[i]) report.able0Mismatches.push(id);
    });
    for (const id of model.graph.ids) {
      if (!id.startsWith('ft-plant-') && !id.startsWith('ft-cust-')) continue;
      const answer = await service.post(admin, 'query($id: ID!) { restartReadiness(enterpriseId: $id, asOf: "2000-01-01") { ready } }', { id });
      const ready = (answer.body?.data?.restartReadiness as { ready: boolean } | undefined)?.ready;
      const i = model.graph.ids.indexOf(id);
      if (ready !== (model.able0[i] === 1)) report.readModelMismatches.push(`${id}: the service says ready=${ready}, a fresh evaluation ${model.able0[i] === 1}`);
    }
  } finally {
    await db.close();
  }
}

/** The requests and applications in the database before the clients started: not theirs. */
export async function writeBaseline(db: Database): Promise<{ requests: number; applications: number }> {
  const count = async (cypher: string) => Number((await db.query<{ n: number }>({ operation: 'faults.verify' }, cypher)).records[0]!.get('n'));
  return { requests: await count('MATCH (r:CoordinationRequest) RETURN count(r) AS n'), applications: await count('MATCH (a:ResumptionApplication) RETURN count(a) AS n') };
}

/**
 * Against the client log: every acknowledged write is in the database, once.
 * Counts beyond `baseline` (what was there before the clients) that no
 * acknowledged write accounts for are duplicates.
 */
export async function verifyWrites(
  post: Post,
  db: Database,
  admin: string,
  clientLog: ClientLog,
  report: Pick<FaultReport, 'acknowledged' | 'found' | 'lost' | 'duplicated' | 'problems'>,
  baseline: { requests: number; applications: number },
): Promise<void> {
  const count = async (cypher: string, params: Record<string, unknown> = {}) => Number((await db.query<{ n: number }>({ operation: 'faults.verify' }, cypher, params)).records[0]!.get('n'));
  const ack = (n: number) => (report.acknowledged += n);
  const find = (n: number) => (report.found += n);

  // Coordination requests: one node per acknowledged filing, its three steps each recorded once.
  const requestIds = [...new Set(clientLog.requests.values())];
  ack(clientLog.requests.size + clientLog.transitions.length);
  const requestNodes = (await count('MATCH (r:CoordinationRequest) RETURN count(r) AS n')) - baseline.requests;
  if (requestNodes > requestIds.length) report.duplicated += requestNodes - requestIds.length;
  for (const [key, id] of clientLog.requests) {
    const answer = await post(admin, 'query($id: ID!) { coordinationRequest(id: $id) { id status events { kind } } }', { id });
    const request = answer.body?.data?.coordinationRequest as { status: string; events: { kind: string }[] } | null | undefined;
    if (!request) {
      report.lost++;
      report.problems.push(`request ${id} (key ${key}) was acknowledged but is not in the database`);
      continue;
    }
    find(1);
    const kinds = request.events.map((e) => e.kind);
    for (const kind of ['FILED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED']) {
      const recorded = kinds.filter((k) => k === (kind === 'IN_PROGRESS' ? 'STARTED' : kind)).length;
      const acked = kind === 'FILED' ? 1 : clientLog.transitions.filter((t) => t.requestId === id && t.kind === kind).length;
      if (recorded > 1) report.duplicated += recorded - 1;
      if (kind !== 'FILED') {
        if (recorded >= acked) find(acked);
        else {
          report.lost += acked - recorded;
          report.problems.push(`request ${id}: ${kind} acknowledged but not recorded`);
        }
      }
    }
  }

  // Resumption applications: one per acknowledged filing, approved, its firm operating.
  ack([...clientLog.applications.values()].reduce((sum, a) => sum + 1 + a.steps, 0));
  const applicationNodes = (await count('MATCH (a:ResumptionApplication) RETURN count(a) AS n')) - baseline.applications;
  if (applicationNodes > clientLog.applications.size) report.duplicated += applicationNodes - clientLog.applications.size;
  for (const [key, { id, firm, steps }] of clientLog.applications) {
    const answer = await post(admin, 'query($id: ID!) { resumptionApplication(id: $id) { status enterprise { id status } events { kind } } }', { id });
    const application = answer.body?.data?.resumptionApplication as { status: string; enterprise: { id: string; status: string }; events: { kind: string }[] } | null | undefined;
    if (!application) {
      report.lost++;
      report.problems.push(`application ${id} (key ${key}) was acknowledged but is not in the database`);
      continue;
    }
    const kinds = application.events.map((e) => e.kind);
    // The filing, and each acknowledged step as an event after it.
    const recorded = Math.min(1 + steps, kinds.length);
    find(recorded);
    if (recorded < 1 + steps) {
      report.lost += 1 + steps - recorded;
      report.problems.push(`application ${id}: ${1 + steps} writes acknowledged, ${kinds.length} events recorded`);
    }
    if (new Set(kinds).size !== kinds.length) report.duplicated += kinds.length - new Set(kinds).size;
    // Where its client left it: a client may stop between the steps.
    const expected = (['FILED', 'ON_SITE_CHECK', 'APPROVED'] as const)[steps]!;
    const firmStatus = expected === 'APPROVED' ? 'OPERATING' : 'SUSPENDED';
    if (application.status !== expected || application.enterprise.id !== firm || application.enterprise.status !== firmStatus) {
      report.problems.push(`application ${id}: ${application.status}, ${application.enterprise.id} ${application.enterprise.status}; expected ${expected} and ${firm} ${firmStatus}`);
    }
  }
  const perFirm = await count("MATCH (a:ResumptionApplication)-[:FOR]->(e:Enterprise) WHERE e.id STARTS WITH 'ft-firm-' WITH e, count(a) AS n WHERE n > 1 RETURN count(e) AS n");
  report.duplicated += perFirm;

  // Status changes: as many recorded as acknowledged, a chain with no repeat, ending where the client left it.
  for (const [enterpriseId, { acked, last }] of clientLog.statusChanges) {
    ack(acked);
    const history = await post(admin, 'query($id: ID!) { statusHistory(enterpriseId: $id) { previousStatus status } enterprise(id: $id) { status } }', { id: enterpriseId });
    const steps = ((history.body?.data?.statusHistory ?? []) as { previousStatus: string; status: string }[]).slice().reverse();
    const now = (history.body?.data?.enterprise as { status: string } | undefined)?.status;
    find(Math.min(steps.length, acked));
    if (steps.length < acked) report.lost += acked - steps.length;
    if (steps.length > acked) report.duplicated += steps.length - acked;
    if (now !== last) report.problems.push(`${enterpriseId} is ${now}; its client last set ${last}`);
    steps.forEach((s, i) => {
      if (s.previousStatus === s.status || (i > 0 && s.previousStatus !== steps[i - 1]!.status)) report.problems.push(`${enterpriseId}: status history breaks at step ${i + 1}`);
    });
  }

}

/** Whether the run shows what must hold. */
export function held(report: FaultReport): boolean {
  return (
    report.lost === 0 &&
    report.duplicated === 0 &&
    report.found === report.acknowledged &&
    report.refused.length === 0 &&
    report.problems.length === 0 &&
    report.able0Mismatches.length === 0 &&
    report.readModelMismatches.length === 0 &&
    report.sawNotReady &&
    report.readyAtEnd &&
    !report.restartedService
  );
}

export function formatReport(report: FaultReport): string {
  return [
    `writes tried:     ${report.writesTried}`,
    `acknowledged:     ${report.acknowledged} (${report.acknowledgedAfterRecovery} after the recovery)`,
    `found:            ${report.found}`,
    `lost:             ${report.lost}`,
    `duplicated:       ${report.duplicated}`,
    `seconds to recover: ${report.secondsToRecover.toFixed(1)}`,
    `/ready 503 while down: ${report.sawNotReady}, 200 after: ${report.readyAtEnd}; service restarted: ${report.restartedService}`,
    `DATABASE_UNAVAILABLE answers: ${report.unavailableAnswers}, slowest ${Math.round(report.slowestUnavailableMs)} ms`,
    `able0 mismatches: ${report.able0Mismatches.length}; read model mismatches: ${report.readModelMismatches.length}`,
    ...(report.refused.length ? [`refused (${report.refused.length}):`, ...report.refused.slice(0, 10).map((r) => `  ${r}`)] : []),
    ...(report.problems.length ? [`problems (${report.problems.length}):`, ...report.problems.slice(0, 20).map((p) => `  ${p}`)] : []),
  ].join('\n');
}
