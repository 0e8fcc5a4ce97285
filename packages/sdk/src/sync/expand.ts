/**
 * Grant expansion: a grant marked expandable (an app assigned to a group, a role given to a group)
 * is inherited by every holder of the named entitlements (the group's members), transitively, so
 * nested groups work and cycles end. The fixpoint runs in SQL inside the sync file
 * (`SyncFile.expandGrants`) so that a million grants never have to sit in memory; the cycles are
 * found here from its edges.
 */
import type { SyncFile } from './sync-file.js';

export interface ExpansionResult {
  inheritedGrants: number;
  rounds: number;
  cycles: string[][];
}

interface Edge {
  source: string;
  target: string;
}

/** Entitlement cycles (group A in B, B in A): reported as warnings; the fixpoint below still ends. */
export function findCycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source) ?? [];
    list.push(e.target);
    next.set(e.source, list);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const start of next.keys()) {
    if (state.has(start)) continue;
    // Iterative DFS: nesting can be deep and recursion would overflow.
    const stack: { node: string; i: number }[] = [{ node: start, i: 0 }];
    const path: string[] = [start];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const targets = next.get(top.node) ?? [];
      if (top.i < targets.length) {
        const t = targets[top.i++]!;
        const s = state.get(t);
        if (s === 'open') {
          const cycle = path.slice(path.indexOf(t)).concat(t);
          const key = [...cycle.slice(0, -1)].sort().join('|');
          if (!seen.has(key)) {
            seen.add(key);
            cycles.push(cycle);
          }
        } else if (s === undefined) {
          state.set(t, 'open');
          stack.push({ node: t, i: 0 });
          path.push(t);
        }
      } else {
        state.set(top.node, 'done');
        stack.pop();
        path.pop();
      }
    }
  }
  return cycles;
}

export function expandGrants(file: SyncFile): ExpansionResult {
  const { edges, inheritedGrants, rounds } = file.expandGrants();
  return { inheritedGrants, rounds, cycles: edges.length ? findCycles(edges) : [] };
}
