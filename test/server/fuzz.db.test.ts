/**
 * Fuzzed GraphQL input. Operations are generated from the schema itself:
 * every root query and mutation, with a selection of its leaf fields and
 * arguments that are valid or mutated (wrong types, huge strings, unicode
 * and NUL bytes, null where non-null, unknown enum values, garbage cursors,
 * impossible dates, deep nesting, many aliases), sent as variables or
 * written into the document. Every answer must be well-formed GraphQL over
 * HTTP with a documented code, never INTERNAL_SERVER_ERROR, a 500 or a
 * stack trace; a refused mutation leaves the graph as it was. The same for
 * subscriptions over Server-Sent Events (a stream opens, or its messages
 * are typed refusals), and for loadDataset with corrupted datasets (typed
 * problems at their places or a documented code, nothing written). And a name
 * search takes any string (Lucene operators, quotes, brackets,
 * backslashes) as literal text.
 */
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/server/schema.ts';
import { ErrorCode } from '../../src/modules/shared/errors.ts';
import { createTestApp, emptyGraph, TEST_ADMIN, tokenFor, type TestApp } from '../support/graph.ts';
import { coordinationScenario } from '../support/coordination.ts';

const schema = buildSchema();
const DOCUMENTED = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));
/** loadDataset, whose argument is a whole dataset, is fuzzed with mutated datasets instead (below). */
const SKIPPED = new Set(['loadDataset']);

let app: TestApp;
let token: string;
let tried = 0;

beforeAll(async () => {
  app = await createTestApp({ today: '2020-02-10' });
  await emptyGraph(app.db);
  expect((await app.datasets.load(coordinationScenario())).loaded).toBe(true);
  token = await tokenFor(TEST_ADMIN);
});
afterAll(async () => {
  console.log(`fuzzed GraphQL inputs tried: ${tried}`);
  await app.close();
});

const IDS = ['fx-tj-supplier', 'fx-qy-plant-1', 'fx-part', '510105', '120000', 'agency-tianjin', 'agency-qingyang', 'CR-000001', 'RA-000001'];
const NASTY = ['', '\u0000', 'a\u0000b', '\ud83d\ude00\u202e', '"; MATCH (n) DETACH DELETE n //', "' OR 1=1 --", '*:*', 'name:(a OR b)~2', '\\', '{{}}', '0000-00-00', '2020-02-30', '99999-01-01', '-1', 'NaN', 'eyJnYXJiYWdlIjp0cnVlfQ==', '%00', '\n\r\t'];

/** A value for an input type: right, or wrong in one of the ways a careless or hostile client is. */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(
    fc.constant(null),
    fc.constantFrom(...NASTY),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant('x'.repeat(20_000)),
    fc.constant({ nested: { deeper: [[[1]]] } }),
    fc.constant([]),
  );
  if (depth > 3) return wrong;
  const inner = getNullableType(type) as GraphQLInputType;
  let right: fc.Arbitrary<unknown>;
  if (isListType(inner)) right = fc.array(valueFor(inner.ofType as GraphQLInputType, depth + 1), { maxLength: 3 });
  else if (isEnumType(inner)) right = fc.oneof(fc.constantFrom(...inner.getValues().map((v) => v.name)), fc.constant('NOT_A_VALUE'));
  else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    right = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)])), { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) });
  } else if (isScalarType(inner)) {
    switch (inner.name) {
      case 'Int':
        right = fc.oneof(fc.integer({ min: -5, max: 1200 }), fc.constant(2147483647), fc.constant(2 ** 40));
        break;
      case 'Float':
        right = fc.double({ noNaN: true });
        break;
      case 'Boolean':
        right = fc.boolean();
        break;
      case 'ID':
        right = fc.constantFrom(...IDS);
        break;
      case 'Date':
        right = fc.oneof(fc.constantFrom('2020-02-10', '2020-02-29', '2021-02-29', '0001-01-01', '2020-13-01', '20200210'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
        break;
      default:
        right = fc.oneof(fc.constantFrom(...IDS, ...NASTY), fc.string({ maxLength: 40 }));
    }
  } else right = wrong;
  return fc.oneof({ weight: 3, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** A selection of the field's type: its leaf fields, and one level of object fields below (arguments left out). */
function selection(type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined));
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
  const objects = depth > 0 ? fields.filter((f) => isObjectType(getNamedType(f.type))).slice(0, 2) : [];
  const nested = objects.map((f) => `${f.name} { ${selection(getNamedType(f.type) as GraphQLObjectType, depth - 1)} }`);
  return [...(leaves.length ? leaves : ['__typename']), ...nested].join(' ');
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')}}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return '0';
  return JSON.stringify(value);
}

interface Operation {
  kind: 'query' | 'mutation' | 'subscription';
  query: string;
  variables: Record<string, unknown>;
}

function operationFor(kind: Operation['kind'], field: GraphQLField<unknown, unknown>): fc.Arbitrary<Operation> {
  const args = field.args as readonly GraphQLArgument[];
  const named = getNamedType(field.type);
  const body = isObjectType(named) ? ` { ${selection(named, 2)} }` : '';
  return fc
    .record({
      values: fc.tuple(...args.map((a) => fc.option(valueFor(a.type), { nil: undefined, freq: 5 }))),
      inline: fc.boolean(),
      aliases: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ values, inline, aliases }) => {
      const given = args.map((a, i) => [a, values[i]] as const).filter(([, v]) => v !== undefined);
      const call = given.length ? `(${given.map(([a]) => `${a.name}: ${inline ? literal(values[args.indexOf(a)]) : `$${a.name}`}`).join(', ')})` : '';
      const declared = !inline && given.length ? `(${given.map(([a]) => `$${a.name}: ${a.type.toString()}`).join(', ')})` : '';
      const selections = Array.from({ length: aliases }, (_, i) => `a${i}: ${field.name}${call}${body}`).join(' ');
      return { kind, query: `${kind} Fuzz${declared} { ${selections} }`, variables: inline ? {} : Object.fromEntries(given.map(([a, v]) => [a.name, v])) };
    });
}

const roots = (type: GraphQLObjectType | null | undefined, kind: Operation['kind']) =>
  Object.values(type?.getFields() ?? {})
    .filter((f) => !SKIPPED.has(f.name))
    .map((f) => operationFor(kind, f));
const operations = fc.oneof(...roots(schema.getQueryType(), 'query'), ...roots(schema.getMutationType(), 'mutation'));
const subscriptions = fc.oneof(...roots(schema.getSubscriptionType(), 'subscription'));

/** What a refused mutation must not change. */
async function fingerprint(): Promise<unknown> {
  const result = await app.db.query(
    { operation: 'test.fingerprint' },
    `MATCH (n) WHERE NOT n:Migration AND NOT n:AnalysisLock
     OPTIONAL MATCH (n)-[r]->()
     WITH n, count(r) AS out
     RETURN count(n) AS nodes, sum(out) AS edges, collect(DISTINCT coalesce(n.status, '')) AS statuses,
            sum(coalesce(n.eventCount, 0)) AS events`,
  );
  return result.records[0]!.toObject();
}

type Body = { data?: unknown; errors?: { message: string; locations?: unknown; path?: unknown; extensions?: { code?: string } }[] };

async function send(operation: Operation): Promise<{ status: number; text: string; body: Body }> {
  tried++;
  const response = await app.post(token, operation.query, operation.variables);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Body };
}

function expectWellFormed({ status, text, body }: { status: number; text: string; body: Body }, operation: Operation): void {
  const where = `${operation.query.slice(0, 300)} ${JSON.stringify(operation.variables).slice(0, 300)}\n=> ${status} ${text.slice(0, 600)}`;
  expect([200, 400, 413], where).toContain(status);
  expect('data' in body || 'errors' in body, where).toBe(true);
  expect(text, where).not.toMatch(/\n\s+at |Neo4jError|neo4j-driver|node_modules|\.ts:\d+/);
  for (const error of body.errors ?? []) {
    expect(typeof error.message, where).toBe('string');
    expect(error.message.length, where).toBeLessThanOrEqual(500);
    expect(DOCUMENTED, where).toContain(error.extensions?.code);
  }
}

describe('fuzzed GraphQL operations from the schema', () => {
  it('every answer is well-formed with a documented code, and a refused mutation changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(operations, async (operation) => {
        const before = operation.kind === 'mutation' ? await fingerprint() : null;
        const answer = await send(operation);
        expectWellFormed(answer, operation);
        const refused = answer.body.data === null || answer.body.data === undefined || answer.status !== 200;
        if (operation.kind === 'mutation' && refused) expect(await fingerprint(), operation.query).toEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('documents that are not GraphQL, too deep, or full of aliases are refused the same way', async () => {
    const documents = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => `{ ${s} }`),
      fc.integer({ min: 1, max: 60 }).map((n) => `{ ${'region(code: "510000") { parent { '.repeat(n)}code${' } }'.repeat(n)} }`),
      fc.integer({ min: 1, max: 200 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: about { __typename }`).join(' ')} }`),
      fc.constantFrom('mutation { setEnterpriseStatus }', 'subscription { nothing }', 'query { __schema { types { name } } }', '{ enterprise(id: "\\u0000") { id } }'),
    );
    await fc.assert(
      fc.asyncProperty(documents, async (query) => {
        const operation: Operation = { kind: 'query', query, variables: {} };
        expectWellFormed(await send(operation), operation);
      }),
      { numRuns: 200 },
    );
  });
});

/** What a subscription answers over SSE within `ms`: the HTTP status, and each message of the stream (a refusal is one, then `complete`). */
async function openStream(operation: Operation, ms = 250): Promise<{ status: number; type: string; text: string; messages: Body[] }> {
  tried++;
  const abort = new AbortController();
  const response = await app.yoga.fetch('http://fugong.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
    signal: abort.signal,
  });
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream')) {
    const text = await response.text();
    return { status: response.status, type, text, messages: [JSON.parse(text) as Body] };
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const until = Date.now() + ms;
  try {
    while (!/^event: *complete$/m.test(text)) {
      const left = until - Date.now();
      if (left <= 0) break;
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    abort.abort();
    await reader.cancel().catch(() => undefined);
  }
  const messages = text
    .split('\n\n')
    .filter((block) => !/^event: *complete$/m.test(block))
    .map((block) => block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n'))
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data) as Body);
  return { status: response.status, type, text, messages };
}

describe('fuzzed subscriptions over SSE', () => {
  it('every stream opens or is refused with well-formed messages carrying documented codes, never a 500', async () => {
    const seen = { open: 0, refused: new Set<string>() };
    await fc.assert(
      fc.asyncProperty(subscriptions, async (operation) => {
        const { status, type, text, messages } = await openStream(operation);
        const where = `${operation.query.slice(0, 300)} ${JSON.stringify(operation.variables).slice(0, 300)}\n=> ${status} ${type} ${text.slice(0, 600)}`;
        expect([200, 400, 413, 429], where).toContain(status);
        for (const body of messages) expectWellFormed({ status: status === 200 ? 200 : status, text: JSON.stringify(body), body }, operation);
        // A stream that stays open has said nothing yet (no event happened): only a refusal speaks at once.
        for (const body of messages) expect(body.errors?.length ?? 0, where).toBeGreaterThan(0);
        if (status === 200 && type.startsWith('text/event-stream') && messages.length === 0) seen.open++;
        for (const body of messages) for (const error of body.errors ?? []) seen.refused.add(error.extensions!.code!);
      }),
      { numRuns: 120 },
    );
    // Both kinds were met: streams that opened (and were closed again, so the per-user limit never filled), and refusals.
    expect(seen.open).toBeGreaterThan(0);
    expect(seen.refused).toContain('BAD_USER_INPUT');
    expect(seen.refused).not.toContain('RATE_LIMITED');
  });
});

/** A dataset's lists of records, as a careless or hostile file may change them. */
type Rows = Record<string, Record<string, unknown>[]>;
const row = (d: Rows, list: string, i: number) => d[list]![i % d[list]!.length]!;

/** One change that no canonical dataset may contain, at the place it names. */
const CORRUPTIONS: { what: string; corrupt: (d: Rows, i: number) => void }[] = [
  { what: 'a supply from an enterprise that does not exist', corrupt: (d, i) => void (row(d, 'supplies', i).supplier = 'fx-nobody') },
  { what: 'a need of a component that does not exist', corrupt: (d, i) => void (row(d, 'needs', i).component = 'fx-no-part') },
  { what: 'an enterprise in a region that does not exist', corrupt: (d, i) => void (row(d, 'enterprises', i).region = '999999') },
  { what: 'an unknown status', corrupt: (d, i) => void (row(d, 'enterprises', i).status = 'HALF_OPEN') },
  { what: 'an impossible date', corrupt: (d, i) => void (row(d, 'enterprises', i).expectedResumeDate = '2020-02-30') },
  { what: 'a negative workforce', corrupt: (d, i) => void (row(d, 'enterprises', i).workforce = -1) },
  { what: 'a workforce that is not a number', corrupt: (d, i) => void (row(d, 'enterprises', i).workforce = '300人') },
  { what: 'two enterprises with one id', corrupt: (d, i) => void d.enterprises!.push({ ...row(d, 'enterprises', i), name: '重复企业' }) },
  { what: 'an enterprise without a name', corrupt: (d, i) => void delete row(d, 'enterprises', i).name },
  { what: 'a list that is not a list', corrupt: (d) => void ((d as Record<string, unknown>).makes = { enterprise: 'fx-tj-supplier' }) },
];

/** A dataset in the canonical format with at least one corruption, and perhaps more values made nasty or of the wrong type. */
const corruptDatasets = fc
  .record({
    corruptions: fc.array(fc.record({ which: fc.nat({ max: CORRUPTIONS.length - 1 }), at: fc.nat({ max: 20 }) }), { minLength: 1, maxLength: 3 }),
    nasty: fc.array(fc.record({ list: fc.constantFrom('enterprises', 'components', 'makes', 'needs', 'supplies', 'regions', 'agencies'), at: fc.nat({ max: 20 }), field: fc.constantFrom('id', 'name', 'region', 'status', 'component', 'parent', 'level'), value: fc.oneof(fc.constantFrom(...NASTY), fc.constant(null), fc.integer(), fc.constant(['x']), fc.constant('x'.repeat(5000))) }), { maxLength: 3 }),
  })
  .map(({ corruptions, nasty }) => {
    const dataset = coordinationScenario() as unknown as Rows;
    // Nasty values first: a corruption applied after them stays in the dataset.
    for (const { list, at, field, value } of nasty) {
      const rows = dataset[list];
      if (Array.isArray(rows) && rows.length) rows[at % rows.length]![field] = value;
    }
    const applied = corruptions.map(({ which, at }) => (CORRUPTIONS[which]!.corrupt(dataset, at), CORRUPTIONS[which]!.what));
    return { dataset, applied };
  });

describe('loadDataset with mutated datasets', () => {
  it('refuses each with typed problems or a documented code, and writes nothing', async () => {
    let problemsListed = 0;
    const LOAD = 'mutation($d: JSON!) { loadDataset(dataset: $d) { loaded problems { path message } counts { enterprises } } }';
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: corruptDatasets }, { weight: 1, arbitrary: fc.constantFrom(...[[], 'dataset', 42, true, { enterprises: 'none' }].map((dataset) => ({ dataset, applied: ['not a dataset'] }))) }), async ({ dataset, applied }) => {
        const operation: Operation = { kind: 'mutation', query: LOAD, variables: { d: dataset } };
        const before = await fingerprint();
        const answer = await send(operation);
        expectWellFormed(answer, { ...operation, variables: { corrupted: applied } });
        const result = (answer.body.data as { loadDataset?: { loaded: boolean; problems: { path: string; message: string }[] } } | null | undefined)?.loadDataset;
        if (result) {
          problemsListed++;
          expect(result.loaded, applied.join('; ')).toBe(false);
          expect(result.problems.length, applied.join('; ')).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem.path.length + problem.message.length, JSON.stringify(problem)).toBeGreaterThan(0);
        } else expect(answer.body.errors?.length, applied.join('; ')).toBeGreaterThan(0);
        expect(await fingerprint(), applied.join('; ')).toEqual(before);
      }),
      { numRuns: 80 },
    );
    // Most are refused by the dataset's validation, each problem at its place, rather than by GraphQL.
    expect(problemsListed).toBeGreaterThan(40);
  });
});

describe('a name search', () => {
  it('takes Lucene operators, quotes, brackets and backslashes as literal text', async () => {
    const names = coordinationScenario().enterprises.map((e) => ({ id: e.id, name: e.name }));
    const specials = fc.constantFrom('"', '*', '?', '~', '^', '(', ')', '[', ']', '{', '}', ':', '\\', '/', '+', '-', '!', '&&', '||', ' AND ', ' OR ', 'NOT ');
    const terms = fc.oneof(
      fc.array(fc.oneof(specials, fc.constantFrom('滨海', '青羊', '航空', '厂', '阀门', 'a')), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('')),
      fc.constantFrom('滨海*', '"青羊"', '青羊~', '航空 OR 滨海', '滨海\\', '(滨海)', '青羊航空一厂', '厂^2'),
    );
    await fc.assert(
      fc.asyncProperty(terms, async (term) => {
        for (const query of [
          { q: 'query($t: String) { enterprises(filter: { nameContains: $t }, first: 100) { nodes { id } } }', pick: (d: Record<string, { nodes: { id: string }[] }>) => d.enterprises!.nodes.map((n) => n.id) },
        ]) {
          tried++;
          const body = await app.graphql<Record<string, { nodes: { id: string }[] }>>(query.q, { t: term });
          expect(body.errors, `${term}: ${JSON.stringify(body.errors)}`).toBeUndefined();
          const expected = names.filter((e) => e.name.toLowerCase().includes(term.toLowerCase())).map((e) => e.id).sort();
          expect(query.pick(body.data!).sort(), term).toEqual(expected);
        }
        tried++;
        const components = await app.graphql<{ components: { id: string; name: string }[] }>('query($t: String) { components(nameContains: $t) { id name } }', { t: term });
        expect(components.errors, term).toBeUndefined();
        const expectedComponents = coordinationScenario().components.filter((c) => c.name.toLowerCase().includes(term.toLowerCase())).map((c) => c.id).sort();
        expect(components.data!.components.map((c) => c.id).sort(), term).toEqual(expectedComponents);
      }),
      { numRuns: 150 },
    );
  });
});
