import { needMet, type AbleView } from './able.ts';

// The backward walk from a plant over unmet needs ("who holds it"), and the
// dominator tree of that walk, which tells for an edge e -> s whether some
// simple walk from the plant reaches e without passing through s.

/**
 * The walk graph: nodes are local indices 0..size-1 (0 is the plant) in BFS
 * order; an edge e -> s with component c exists when c is an unmet need of e
 * and s supplies c to e (s never the plant).
 */
export interface UnmetWalk {
  /** Enterprise index of each local node. */
  readonly node: number[];
  /** BFS distance from the plant: the tier. */
  readonly tier: number[];
  /** Local index of the BFS parent (one step closer to the plant); -1 for the plant. */
  readonly parent: number[];
  readonly edgeFrom: number[];
  readonly edgeTo: number[];
  /** Component index of each edge. */
  readonly edgeComponent: number[];
  /** Need indices of the plant that are not met. */
  readonly plantUnmetNeeds: number[];
  /** Local index of an enterprise on the walk. */
  readonly local: Map<number, number>;
}

/**
 * Level by level, nodes of a level expanded in id order (indices follow id
 * order), so each node's parent is the smallest id on the level above that
 * reaches it: a deterministic shortest path.
 */
export function walkUnmet(view: AbleView, plant: number): UnmetWalk {
  const g = view.graph;
  const node = [plant];
  const tier = [0];
  const parent = [-1];
  const local = new Map<number, number>([[plant, 0]]);
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeComponent: number[] = [];
  const plantUnmetNeeds: number[] = [];

  let level = [plant];
  for (let depth = 0; level.length > 0; depth++) {
    const next: number[] = [];
    for (const e of level) {
      const le = local.get(e)!;
      // A known-able enterprise's needs lie outside the data; the walk reaches one only through a cut-off edge.
      if (g.knownAble[e] === 1) continue;
      for (let k = g.needStart[e]!, kEnd = g.needStart[e + 1]!; k < kEnd; k++) {
        if (needMet(view, k)) continue;
        if (e === plant) plantUnmetNeeds.push(k);
        const c = g.needComponent[k]!;
        for (let p = g.supplierStart[k]!, pEnd = g.supplierStart[k + 1]!; p < pEnd; p++) {
          const s = g.suppliers[p]!;
          if (s === plant) continue;
          let ls = local.get(s);
          if (ls === undefined) {
            ls = node.length;
            local.set(s, ls);
            node.push(s);
            tier.push(depth + 1);
            parent.push(le);
            next.push(s);
          }
          edgeFrom.push(le);
          edgeTo.push(ls);
          edgeComponent.push(c);
        }
      }
    }
    next.sort((a, b) => a - b);
    level = next;
  }
  return { node, tier, parent, edgeFrom, edgeTo, edgeComponent, plantUnmetNeeds, local };
}

/** Compressed adjacency from parallel edge arrays. */
function csr(size: number, from: readonly number[], to: readonly number[]): WalkSuccessors {
  const start = new Int32Array(size + 1);
  for (const f of from) start[f + 1]!++;
  for (let v = 0; v < size; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, size);
  const out = new Int32Array(from.length);
  for (let i = 0; i < from.length; i++) out[fill[from[i]!]!++] = to[i]!;
  return { start, to: out };
}

/** Successor lists of the walk graph: targets of local node v are to[start[v]..start[v+1]]. */
export interface WalkSuccessors {
  readonly start: Int32Array;
  readonly to: Int32Array;
}

export function walkSuccessors(walk: UnmetWalk): WalkSuccessors {
  return csr(walk.node.length, walk.edgeFrom, walk.edgeTo);
}

/** Local nodes reachable from `starts` along the walk's edges (starts included). */
export function reachableFrom(succ: WalkSuccessors, size: number, starts: Iterable<number>): Uint8Array {
  const seen = new Uint8Array(size);
  const stack: number[] = [];
  for (const s of starts) {
    if (seen[s] === 1) continue;
    seen[s] = 1;
    stack.push(s);
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let p = succ.start[v]!, end = succ.start[v + 1]!; p < end; p++) {
      const w = succ.to[p]!;
      if (seen[w] === 0) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return seen;
}

export interface Dominators {
  /** Whether every path from the plant to b passes through a (a node dominates itself). */
  dominates(a: number, b: number): boolean;
}

/**
 * Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm": iterate
 * idom over reverse postorder until stable. Then number the dominator tree
 * (pre/post order) so each dominance query is O(1). All loops iterative: a
 * walk can be hundreds of thousands of tiers deep.
 */
export function dominatorsOf(walk: UnmetWalk, succ: WalkSuccessors): Dominators {
  const size = walk.node.length;
  const pred = csr(size, walk.edgeTo, walk.edgeFrom);

  // Postorder numbers by an explicit-stack DFS from the plant.
  const postNum = new Int32Array(size).fill(-1);
  const order: number[] = []; // postorder
  {
    const visited = new Uint8Array(size);
    const stackNode: number[] = [0];
    const stackPos: number[] = [succ.start[0]!];
    visited[0] = 1;
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const v = stackNode[top]!;
      const p = stackPos[top]!;
      if (p < succ.start[v + 1]!) {
        stackPos[top] = p + 1;
        const w = succ.to[p]!;
        if (visited[w] === 0) {
          visited[w] = 1;
          stackNode.push(w);
          stackPos.push(succ.start[w]!);
        }
      } else {
        stackNode.pop();
        stackPos.pop();
        postNum[v] = order.length;
        order.push(v);
      }
    }
  }

  const idom = new Int32Array(size).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (postNum[a]! < postNum[b]!) a = idom[a]!;
      while (postNum[b]! < postNum[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = order.length - 1; i >= 0; i--) {
      const b = order[i]!;
      if (b === 0) continue;
      let next = -1;
      for (let p = pred.start[b]!, end = pred.start[b + 1]!; p < end; p++) {
        const q = pred.to[p]!;
        if (idom[q] === -1) continue;
        next = next === -1 ? q : intersect(q, next);
      }
      if (idom[b] !== next) {
        idom[b] = next;
        changed = true;
      }
    }
  }

  // Pre/post numbering of the dominator tree.
  const childStart = new Int32Array(size + 1);
  for (let v = 1; v < size; v++) childStart[idom[v]! + 1]!++;
  for (let v = 0; v < size; v++) childStart[v + 1]! += childStart[v]!;
  const children = new Int32Array(Math.max(0, size - 1));
  {
    const fill = childStart.slice(0, size);
    for (let v = 1; v < size; v++) children[fill[idom[v]!]!++] = v;
  }
  const pre = new Int32Array(size);
  const post = new Int32Array(size);
  {
    let clock = 0;
    const stackNode: number[] = [0];
    const stackPos: number[] = [childStart[0]!];
    pre[0] = clock++;
    while (stackNode.length > 0) {
      const top = stackNode.length - 1;
      const v = stackNode[top]!;
      const p = stackPos[top]!;
      if (p < childStart[v + 1]!) {
        stackPos[top] = p + 1;
        const w = children[p]!;
        pre[w] = clock++;
        stackNode.push(w);
        stackPos.push(childStart[w]!);
      } else {
        stackNode.pop();
        stackPos.pop();
        post[v] = clock++;
      }
    }
  }
  return { dominates: (a, b) => pre[a]! <= pre[b]! && post[b]! <= post[a]! };
}
