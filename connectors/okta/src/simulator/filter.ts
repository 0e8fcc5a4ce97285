/**
 * The subset of Okta's `filter`/`search` expression language the simulator needs:
 * `attr op value` with eq, sw, co, gt, ge, lt, le, `attr pr`, joined by and/or, with parentheses.
 * Attribute names are case-sensitive, operators are not (as in Okta).
 */

type Node =
  | { kind: 'cmp'; attr: string; op: string; value: string | number | boolean | null }
  | { kind: 'pr'; attr: string }
  | { kind: 'and' | 'or'; left: Node; right: Node };

export class FilterSyntaxError extends Error {}

const OPS = new Set(['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le']);

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < input.length && input[j] !== '"') {
        if (input[j] === '\\' && j + 1 < input.length) j++;
        s += input[j];
        j++;
      }
      if (j >= input.length) throw new FilterSyntaxError('unterminated string');
      tokens.push('"' + s);
      i = j + 1;
    } else {
      let j = i;
      while (j < input.length && !/[\s()]/.test(input[j]!)) j++;
      tokens.push(input.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function parseFilter(input: string): Node {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const expr = (): Node => {
    let left = term();
    while (peek()?.toLowerCase() === 'or') {
      pos++;
      left = { kind: 'or', left, right: term() };
    }
    return left;
  };
  const term = (): Node => {
    let left = factor();
    while (peek()?.toLowerCase() === 'and') {
      pos++;
      left = { kind: 'and', left, right: factor() };
    }
    return left;
  };
  const factor = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) throw new FilterSyntaxError('unexpected end of expression');
    if (t === '(') {
      const inner = expr();
      if (tokens[pos++] !== ')') throw new FilterSyntaxError('missing )');
      return inner;
    }
    const op = tokens[pos++]?.toLowerCase();
    if (op === 'pr') return { kind: 'pr', attr: t };
    if (!op || !OPS.has(op)) throw new FilterSyntaxError(`unknown operator "${op ?? ''}"`);
    const raw = tokens[pos++];
    if (raw === undefined) throw new FilterSyntaxError('missing value');
    let value: string | number | boolean | null;
    if (raw.startsWith('"')) value = raw.slice(1);
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (raw === 'null') value = null;
    else if (Number.isFinite(Number(raw))) value = Number(raw);
    else throw new FilterSyntaxError(`invalid value "${raw}"`);
    return { kind: 'cmp', attr: t, op, value };
  };
  const node = expr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected "${tokens[pos]}"`);
  return node;
}

function lookup(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function matches(node: Node, obj: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, obj) && matches(node.right, obj);
    case 'or':
      return matches(node.left, obj) || matches(node.right, obj);
    case 'pr': {
      const v = lookup(obj, node.attr);
      return v !== undefined && v !== null && v !== '';
    }
    case 'cmp': {
      const v = lookup(obj, node.attr);
      const want = node.value;
      if (node.op === 'eq') return typeof v === 'string' && typeof want === 'string' ? v.toLowerCase() === want.toLowerCase() : v === want;
      if (typeof v !== 'string' && typeof v !== 'number') return false;
      const a = typeof v === 'string' ? v.toLowerCase() : v;
      const b = typeof want === 'string' ? want.toLowerCase() : want;
      if (node.op === 'sw') return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
      if (node.op === 'co') return typeof a === 'string' && typeof b === 'string' && a.includes(b);
      if (b === null || typeof b === 'boolean') return false;
      if (node.op === 'gt') return a > b;
      if (node.op === 'ge') return a >= b;
      if (node.op === 'lt') return a < b;
      return a <= b;
    }
  }
}
