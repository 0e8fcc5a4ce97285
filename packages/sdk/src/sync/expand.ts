/**
 * Grant expansion: a grant marked expandable (an app assigned to a group, a role given to a group)
 * is inherited by every holder of the named entitlements (the group's members), transitively, so
 * nested groups work and cycles end. Done in SQL over the sync file so that a million grants never
 * have to sit in memory.
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
  const db = file.db;
  return file.transaction(() => {
    // Start from a clean slate so that an expansion interrupted earlier (or run twice) gives the same result.
    db.exec('DELETE FROM grants WHERE direct = 0; DELETE FROM grant_sources;');
    db.exec(`DROP TABLE IF EXISTS temp.expand_edges;
      CREATE TEMP TABLE expand_edges (source TEXT NOT NULL, target TEXT NOT NULL, target_type TEXT, target_id TEXT);
      INSERT INTO temp.expand_edges (source, target, target_type, target_id)
        SELECT DISTINCT je.value, g.entitlement_id, e.resource_type, e.resource_id
        FROM grants g, json_each(g.expandable, '$.entitlementIds') je
        LEFT JOIN entitlements e ON e.id = g.entitlement_id
        WHERE g.expandable IS NOT NULL;
      CREATE INDEX temp.expand_edges_source ON expand_edges (source);`);
    const edges = db.prepare('SELECT DISTINCT source, target FROM temp.expand_edges').all() as Edge[];
    if (edges.length === 0) return { inheritedGrants: 0, rounds: 0, cycles: [] };

    // Every holder of a source entitlement (direct or already inherited) inherits the target one,
    // except the target resource itself (a group never becomes a member of itself through a cycle).
    const holders = `FROM temp.expand_edges x JOIN grants m ON m.entitlement_id = x.source
      WHERE NOT (x.target_type IS m.principal_type AND x.target_id IS m.principal_id)`;
    const addSources = db.prepare(`INSERT OR IGNORE INTO grant_sources (grant_id, source_entitlement_id)
      SELECT x.target || ':' || m.principal_type || ':' || m.principal_id, x.source ${holders}`);
    const addGrants = db.prepare(`INSERT OR IGNORE INTO grants (id, entitlement_id, principal_type, principal_id, direct)
      SELECT x.target || ':' || m.principal_type || ':' || m.principal_id, x.target, m.principal_type, m.principal_id, 0 ${holders}`);
    let rounds = 0;
    for (;;) {
      rounds++;
      const added = addGrants.run().changes;
      const sourced = addSources.run().changes;
      if (added === 0 && sourced === 0) break;
    }
    const inherited = db.prepare('SELECT count(*) FROM grants WHERE direct = 0').pluck().get() as number;
    db.exec('DROP TABLE temp.expand_edges');
    return { inheritedGrants: inherited, rounds, cycles: findCycles(edges) };
  });
}
