/**
 * Fuzzed GraphQL input. Operations are generated from the schema itself:
 * every root query and mutation, with a selection of its leaf fields and
 * arguments that are valid or mutated (wrong types, huge strings, unicode
 * and NUL bytes, null where non-null, unknown enum values, garbage cursors,
 * impossible dates, deep nesting, many aliases), sent as variables or
 * written into the document. Every answer must be well-formed GraphQL over
 * HTTP with a documented code, never INTERNAL_SERVER_ERROR, a 500 or a
 * stack trace; a refused mutation leaves the graph as it was. And a name
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
/** Fields that stream (subscriptions) or replace the graph (loadDataset) stay out of the fuzzing. */
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
  kind: 'query' | 'mutation';
  query: string;
  variables: Record<string, unknown>;
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): fc.Arbitrary<Operation> {
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

const roots = (type: GraphQLObjectType | null | undefined, kind: 'query' | 'mutation') =>
  Object.values(type?.getFields() ?? {})
    .filter((f) => !SKIPPED.has(f.name))
    .map((f) => operationFor(kind, f));
const operations = fc.oneof(...roots(schema.getQueryType(), 'query'), ...roots(schema.getMutationType(), 'mutation'));

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
