import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../../src/server/schema.ts';
import { countSelected, FetchedGraph, pageKey, planOf, ShapedCypher, type Plan } from '../../../src/modules/shared/graph-read.ts';
import { encodeCursor } from '../../../src/modules/shared/pagination.ts';

const schema = buildSchema();

/** What a root resolver is handed for the operation's first field. */
function infoOf(document: string, variableValues: Record<string, unknown> = {}): GraphQLResolveInfo {
  const parsed = parse(document);
  const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const field = operation.selectionSet.selections[0] as FieldNode;
  return { schema, fieldNodes: [field], fragments, variableValues } as unknown as GraphQLResolveInfo;
}

/** A plan as nested field names, for comparing. */
function shape(plan: Plan): unknown {
  return {
    ...Object.fromEntries([...plan.links].map(([name, sub]) => [name, shape(sub)])),
    ...(plan.pages.length ? { pages: plan.pages.map((p) => ({ after: p.after, limit: p.limit, count: p.count, node: shape(p.node) })) } : {}),
  };
}

describe('the plan of a read shaped from its selection', () => {
  it('follows the links at any depth, through aliases, fragments and inline fragments, and only those', () => {
    const info = infoOf(`{ enterprise(id: "x") {
      name
      a: suppliers { supplier { id } }
      b: suppliers { component { makers { enterprise { id } } } }
      ... on Enterprise { region { parent { name } } }
      ...Needs
    } }
    fragment Needs on Enterprise { needs { component { id } } }`);
    expect(shape(planOf(info, 'Enterprise'))).toEqual({
      suppliers: { supplier: {}, component: { makers: { enterprise: {} } } },
      region: { parent: {} },
      needs: { component: {} },
    });
  });

  it('leaves out what @skip and @include leave out', () => {
    const info = infoOf(`query($no: Boolean!) { enterprise(id: "x") { customers @skip(if: true) { share } makes @include(if: $no) { capacityPerDay } needs @include(if: true) { stockDays } } }`, { no: false });
    expect(shape(planOf(info, 'Enterprise'))).toEqual({ needs: {} });
  });

  it("plans a region's pages apart by their arguments, one row more than asked, counted when the total is selected", () => {
    const after = encodeCursor('fx-0007');
    const info = infoOf(`{ region(code: "510000") {
      first: enterprises(first: 3) { nodes { id } }
      again: enterprises(first: 3) { totalCount edges { node { region { code } } } }
      later: enterprises(first: 3, after: "${after}") { nodes { id } }
    } }`);
    expect(shape(planOf(info, 'Region'))).toEqual({
      pages: [
        { after: null, limit: 4, count: true, node: { region: {} } },
        { after: 'fx-0007', limit: 4, count: false, node: {} },
      ],
    });
  });

  it('plans no page whose arguments are refused, so the resolver names the argument', () => {
    const info = infoOf(`{ region(code: "510000") { enterprises(first: 0) { nodes { id } } children { enterprises(after: "garbage") { totalCount } } } }`);
    expect(shape(planOf(info, 'Region'))).toEqual({ children: {} });
  });

  it("plans a connection's nodes and edges alike, and tells whether its total is selected", () => {
    const counted = infoOf(`{ enterprises { totalCount nodes { suppliers { share } } edges { node { customers { share } } } } }`);
    expect(shape(planOf(counted, 'EnterpriseConnection'))).toEqual({ suppliers: {}, customers: {} });
    expect(countSelected(counted)).toBe(true);
    expect(countSelected(infoOf(`{ enterprises { nodes { id } } }`))).toBe(false);
  });
});

describe('the statement and its records', () => {
  it('names every variable and parameter once, however often a type recurs', () => {
    const info = infoOf(`{ enterprise(id: "x") { suppliers { supplier { suppliers { supplier { region { enterprises(first: 2) { nodes { id } } } } } } } } }`);
    const q = new ShapedCypher();
    const projection = q.enterprise('root', planOf(info, 'Enterprise'));
    const declared = [...projection.matchAll(/\((s\d+):Enterprise\)/g)].map((m) => m[1]);
    expect(declared).toHaveLength(2);
    expect(new Set(declared).size).toBe(2);
    expect(Object.keys(q.params)).toHaveLength(1);
  });

  it('indexes nested rows as the records, lists, pages and counts the loaders would return', () => {
    const enterprise = (id: string, extra: Record<string, unknown> = {}) => ({
      id, name: id, status: 'OPERATING', industry: null, note: null, workforce: 0, epidemicCritical: false, expectedResumeDate: null, regionCode: '510105', ...extra,
    });
    const region = { code: '510105', name: '青羊区', level: 'DISTRICT', parentCode: '510100' };
    const fetched = new FetchedGraph();
    const root = fetched.enterprise(
      enterprise('p', {
        __region: { ...region, __governingAgency: { agency: null }, __page0: { after: null, limit: 3, rows: [enterprise('p')] }, __count0: 1 },
        __suppliers: [{ supplierId: 's', customerId: 'p', componentId: 'c', share: null, __supplier: enterprise('s'), __component: { id: 'c', name: '件', category: null, __makers: [] } }],
      }),
    );
    const source = fetched.source;
    expect(root).toEqual(enterprise('p'));
    expect(source.region?.('510105')).toEqual(region);
    expect(source.enterprise?.('s')).toEqual(enterprise('s'));
    expect(source.suppliesInto?.('p')).toEqual([{ supplierId: 's', customerId: 'p', componentId: 'c', share: null }]);
    expect(source.suppliesInto?.('s')).toBeUndefined();
    expect(source.makesOfComponent?.('c')).toEqual([]);
    expect(source.governingAgency?.('510105')).toEqual({ agency: null });
    expect(source.enterprisePage?.(pageKey('510105', null, 3))).toEqual([enterprise('p')]);
    expect(source.enterpriseCount?.('510105')).toEqual({ count: 1 });
  });
});
