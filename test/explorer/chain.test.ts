/**
 * The drawn chain's model: the plant and its root causes' paths, expansions
 * paged by 200 and undone newest first, whole, leaving the rest in place.
 */
import { describe, expect, it } from 'vitest';
import { expand, initialChain, listed, PAGE_SIZE, showMore, stateOf, undo, type Neighbour } from '../../src/explorer/chain.ts';
import type { EnterpriseStatus, NodeFieldsFragment } from '../../src/explorer/generated.ts';

function enterprise(id: string, status: EnterpriseStatus = 'OPERATING'): NodeFieldsFragment {
  return { id, name: id, status, workforce: 10, industry: null, epidemicCritical: false, expectedResumeDate: null, region: { code: '510105', name: '青羊区', parent: { name: '成都市' } } };
}

const plant = enterprise('plant');
const middle = enterprise('middle');
const cause = enterprise('cause', 'SUSPENDED');

function chain() {
  return initialChain(plant, false, [{ tier: 2, enterprise: cause, path: [cause, middle, plant], components: [{ id: 'c', name: '零件' }] }], (s, c) =>
    s === 'middle' && c === 'plant' ? ['结构件'] : [],
  );
}

const customers = (n: number): Neighbour[] => Array.from({ length: n }, (_, i) => ({ node: enterprise(`customer-${String(i).padStart(4, '0')}`), component: { id: 'x', name: '结构件' } }));

describe('the chain', () => {
  it('draws the root cause tier by tier, the enterprises between it and the plant known to be blocked, hops labelled by component', () => {
    const c = chain();
    expect(listed(c).map((n) => [n.id, n.tier, n.rootCauseTier, stateOf(n)])).toEqual([
      ['cause', 2, 2, 'suspended'],
      ['middle', 1, null, 'blocked'],
      ['plant', 0, null, 'blocked'],
    ]);
    expect([...c.edges.values()].map((e) => `${e.supplier}>${e.customer}:${e.component}`).sort()).toEqual(['cause>middle:零件', 'middle>plant:结构件']);
  });

  it('pages a neighbourhood of more than 200 and undoes all its pages at once', () => {
    const expanded = expand(chain(), 'plant', 'customers', customers(3412))!;
    const last = expanded.history.at(-1)!;
    expect(last.nodes).toHaveLength(PAGE_SIZE);
    expect(last.total).toBe(3412);
    expect(expanded.nodes.size).toBe(3 + PAGE_SIZE);
    const more = showMore(expanded);
    expect(more.history.at(-1)!.nodes).toHaveLength(2 * PAGE_SIZE);
    expect(more.history).toHaveLength(1);
    const undone = undo(more);
    expect([...undone.nodes.keys()].sort()).toEqual(['cause', 'middle', 'plant']);
    expect(undone.edges.size).toBe(2);
    expect(undone.history).toHaveLength(0);
  });

  it('undoes expansions newest first, and an expansion that adds nothing is none', () => {
    const one = expand(chain(), 'plant', 'customers', customers(2))!;
    const two = expand(one, 'customer-0000', 'customers', [{ node: enterprise('far'), component: { id: 'y', name: '总成' } }])!;
    expect(two.nodes.get('far')!.tier).toBe(-2);
    expect(expand(two, 'plant', 'customers', customers(2))).toBeNull();
    expect([...undo(two).nodes.keys()]).not.toContain('far');
    expect([...undo(two).nodes.keys()]).toContain('customer-0001');
    expect(undo(undo(two)).nodes.size).toBe(3);
  });

  it('marks the delivery a restriction cuts, and checks the supplier cut off like any other', () => {
    const able = enterprise('able-supplier');
    const c = initialChain(
      plant,
      false,
      [],
      () => [],
      [{ node: able, component: { id: 'e', name: 'EVA' } }, { node: able, component: { id: 'o', name: '环氧乙烷' } }],
      [{ tier: 1, restrictionId: 'rst-1', path: [able, plant], components: [{ id: 'e', name: 'EVA' }] }],
    );
    expect([...c.edges.values()].map((e) => `${e.supplier}>${e.customer}:${e.component}:${e.restrictions.join(',')}`).sort()).toEqual([
      'able-supplier>plant:EVA:rst-1',
      'able-supplier>plant:环氧乙烷:',
    ]);
    expect(stateOf(c.nodes.get('able-supplier')!)).toBe('checking');
    expect(c.nodes.get('able-supplier')!.rootCauseTier).toBeNull();
  });
});
