/**
 * Every refusal carries a documented code: GraphQL limits, documents that do
 * not parse or validate, variables that do not coerce, strings and bodies
 * beyond their bounds, requests that are not one GraphQL request. No answer
 * quotes back more than a bounded part of what was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../src/server/refusals.ts';
import { createTestApp, emptyGraph, TEST_ADMIN, tokenFor, type GraphQLBody, type TestApp } from '../support/graph.ts';
import { dataset } from '../support/fixtures.ts';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await createTestApp({
    config: { GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_ALIASES: '3', GRAPHQL_MAX_TOKENS: '300', GRAPHQL_MAX_DIRECTIVES: '3', GRAPHQL_MAX_COST: '5000', GRAPHQL_MAX_STRING_LENGTH: '500', HTTP_MAX_BODY_BYTES: '100000' },
  });
  await emptyGraph(app.db);
  await app.datasets.load(dataset({ enterprises: [{ id: 'fx-a', name: '甲厂', region: '510105', status: 'OPERATING' }] }));
  token = await tokenFor(TEST_ADMIN);
});
afterAll(() => app.close());

type Refusal = NonNullable<GraphQLBody<unknown>['errors']>[number];

async function refusal(query: string, variables?: Record<string, unknown>): Promise<Refusal> {
  const body = await app.graphql(query, variables);
  expect(body.data ?? null).toBeNull();
  const error = body.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(body)).toBeTypeOf('string');
  return error as Refusal;
}

describe('GraphQL limits answer QUERY_TOO_COMPLEX naming the setting', () => {
  it.each([
    ['GRAPHQL_MAX_DEPTH', `{ enterprise(id: "fx-a") { region { parent { parent { children { children { children { code } } } } } } } }`],
    ['GRAPHQL_MAX_ALIASES', `{ a: enterprise(id: "fx-a") { id } b: enterprise(id: "fx-a") { id } c: enterprise(id: "fx-a") { id } d: enterprise(id: "fx-a") { id } }`],
    ['GRAPHQL_MAX_DIRECTIVES', `{ enterprise(id: "fx-a") { id @include(if: true) name @include(if: true) status @include(if: true) region { code @include(if: true) } } }`],
    ['GRAPHQL_MAX_TOKENS', `{ enterprise(id: "fx-a") { ${Array.from({ length: 300 }, () => 'id').join(' ')} } }`],
    ['GRAPHQL_MAX_COST', `{ enterprises(first: 1000) { nodes { id name status suppliers { supplier { id } } } } }`],
  ])('%s', async (limit, query) => {
    const error = await refusal(query);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(error.message).toContain(limit);
    expect(error.message).not.toMatch(/^Syntax Error/);
  });

  it('refuses a literal first of 2147483647 by its cost, before anything runs', async () => {
    const error = await refusal(`{ enterprises(first: 2147483647) { nodes { id } } }`);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'GRAPHQL_MAX_COST' });
    expect(error.message).toMatch(/first/);
  });
});

describe('arguments the caller got wrong answer BAD_USER_INPUT naming the argument', () => {
  it('an enum variable with an unknown value', async () => {
    const error = await refusal(`mutation($s: EnterpriseStatus!) { setEnterpriseStatus(enterpriseId: "fx-a", status: $s) { status } }`, { s: 'REOPENED' });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 's', argument: 'status' });
    expect(error.message).toMatch(/REOPENED/);
  });

  it('an enum literal with an unknown value', async () => {
    const error = await refusal(`mutation { setEnterpriseStatus(enterpriseId: "fx-a", status: REOPENED) { status } }`);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'status' });
  });

  it('a variable first beyond 32 bits, and one within them but above a page', async () => {
    const query = `query($first: Int) { enterprises(first: $first) { nodes { id } } }`;
    expect((await refusal(query, { first: 2147483648 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'first', argument: 'first' });
    const body = await app.graphql(query, { first: 2147483647 });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(body.errors?.[0]?.message).toMatch(/between 1 and 1000/);
  });

  it('a required variable left out', async () => {
    const error = await refusal(`query($id: ID!) { enterprise(id: $id) { id } }`);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'id', argument: 'id' });
  });

  it('a literal of the wrong type, inside an input object', async () => {
    const error = await refusal(`{ enterprises(filter: { regionCode: 510105 }) { nodes { id } } }`);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.regionCode' });
  });

  it('a day that does not exist, while days of years 0000-0099 are days', async () => {
    const error = await refusal(`{ restartReadiness(enterpriseId: "fx-a", asOf: "2020-02-30") { ready } }`);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
    const variable = await refusal(`query($d: Date) { restartReadiness(enterpriseId: "fx-a", asOf: $d) { ready } }`, { d: '2020-02-30' });
    expect(variable.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'd', argument: 'asOf' });
    for (const asOf of ['0000-01-01', '0050-06-15', '0099-12-31']) {
      expect((await app.graphql(`query($d: Date) { restartReadiness(enterpriseId: "fx-a", asOf: $d) { ready } }`, { d: asOf })).errors, asOf).toBeUndefined();
    }
  });

  it('a string longer than GRAPHQL_MAX_STRING_LENGTH, in the document or in a variable', async () => {
    const long = 'x'.repeat(501);
    const literal = await refusal(`{ enterprise(id: "${long}") { id } }`);
    expect(literal.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id', limit: 'GRAPHQL_MAX_STRING_LENGTH', max: 500 });
    const variable = await refusal(`query($f: EnterpriseFilter) { enterprises(filter: $f) { nodes { id } } }`, { f: { industry: long } });
    expect(variable.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.industry', variable: 'f', limit: 'GRAPHQL_MAX_STRING_LENGTH' });
    expect(JSON.stringify(variable)).not.toContain(long);
  });
});

describe('free text is bounded', () => {
  it('a name search of more than 100 characters, for enterprises or components', async () => {
    const long = '甲'.repeat(101);
    const enterprises = await refusal(`query($f: EnterpriseFilter) { enterprises(filter: $f) { nodes { id } } }`, { f: { nameContains: long } });
    expect(enterprises.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.nameContains', max: 100 });
    const components = await refusal(`query($n: String) { components(nameContains: $n) { id } }`, { n: long });
    expect(components.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'nameContains', max: 100 });
    const within = await app.graphql(`query($f: EnterpriseFilter) { enterprises(filter: $f) { nodes { id } } }`, { f: { nameContains: `  ${'甲'.repeat(100)}  ` } });
    expect(within).toEqual({ data: { enterprises: { nodes: [] } } });
  });

  it('a search as long as the body allows is refused at once, without asking Neo4j', async () => {
    const started = performance.now();
    const error = await refusal(`query($f: EnterpriseFilter) { enterprises(filter: $f) { nodes { id } } }`, { f: { nameContains: 'x'.repeat(90_000) } });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.nameContains' });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('documents that do not parse or validate', () => {
  it('an unknown field: GRAPHQL_VALIDATION_FAILED, with no suggestion', async () => {
    const error = await refusal(`{ enterprise(id: "fx-a") { nam } }`);
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).not.toMatch(/Did you mean/);
  });

  it('a missing argument or an undeclared variable: GRAPHQL_VALIDATION_FAILED', async () => {
    expect((await refusal(`{ enterprise { id } }`)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await refusal(`{ enterprise(id: $nowhere) { id } }`)).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a syntax error: GRAPHQL_PARSE_FAILED, quoting a bounded part of the document', async () => {
    expect((await refusal(`{ enterprise(id: `)).extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const response = await app.yoga.fetch('http://fugong.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/graphql', authorization: `Bearer ${token}` },
      body: 'w'.repeat(50_000),
    });
    const text = await response.text();
    expect(text.length).toBeLessThan(MAX_MESSAGE_LENGTH + 500);
    expect((JSON.parse(text) as GraphQLBody<unknown>).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('requests that are not one GraphQL request answer BAD_REQUEST', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.yoga.fetch('http://fugong.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });

  it('a body that is not JSON, without quoting it back', async () => {
    const body = `{"query": "${'q'.repeat(50_000)}`;
    const response = await post(body);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text.length).toBeLessThan(1000);
    expect(text).not.toContain('qqqqqqqqqq');
    expect((JSON.parse(text) as GraphQLBody<unknown>).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('a body larger than HTTP_MAX_BODY_BYTES: 413, typed, not quoted', async () => {
    const response = await post(`{"query": "{ __typename }", "variables": {"x": "${'b'.repeat(200_000)}"}}`);
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(text).not.toContain('bbbbbbbbbb');
    expect((JSON.parse(text) as GraphQLBody<unknown>).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 'HTTP_MAX_BODY_BYTES', max: 100000 });
  });

  it('the same when the body comes without a length (chunked)', async () => {
    const chunk = new TextEncoder().encode(`{"query": "{ __typename }", "x": "${'c'.repeat(60_000)}`);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await app.yoga.fetch('http://fugong.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()) as GraphQLBody<unknown>).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST', limit: 'HTTP_MAX_BODY_BYTES' } }] });
  });

  it('a batch (a JSON array of operations)', async () => {
    const response = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as GraphQLBody<unknown>).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('a mutation sent with GET: 405, and nothing changes', async () => {
    const mutation = 'mutation { setEnterpriseStatus(enterpriseId: "fx-a", status: CLOSED) { status } }';
    const response = await app.yoga.fetch(`http://fugong.test/graphql?query=${encodeURIComponent(mutation)}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as GraphQLBody<unknown>).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const after = await app.graphql<{ enterprise: { status: string } }>('{ enterprise(id: "fx-a") { status } }');
    expect(after.data?.enterprise.status).toBe('OPERATING');
    const history = await app.graphql<{ statusHistory: unknown[] }>('{ statusHistory(enterpriseId: "fx-a") { status } }');
    expect(history.data?.statusHistory).toEqual([]);
  });

  it('a query sent with GET still answers', async () => {
    const response = await app.yoga.fetch(`http://fugong.test/graphql?query=${encodeURIComponent('{ enterprise(id: "fx-a") { name } }')}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    expect(await response.json()).toEqual({ data: { enterprise: { name: '甲厂' } } });
  });
});
