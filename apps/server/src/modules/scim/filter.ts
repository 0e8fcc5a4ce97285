/**
 * The SCIM filter grammar (RFC 7644 §3.4.2.2): parsing into a tree and evaluating it against a
 * resource (the JSON a client would see). Pure: no database. Operators, attribute names and
 * schema URNs are case-insensitive; string values compare case-insensitively unless the attribute
 * is case-exact (`id`, `externalId`, `meta.version`, `$ref`).
 *
 *   FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")" / "(" FILTER ")"
 *   valuePath = attrPath "[" valFilter "]"          emails[type eq "work" and value co "@x.com"]
 *   attrExp   = attrPath SP "pr" / attrPath SP compareOp SP compValue
 *   precedence: not, then and, then or
 */
import { ScimError } from './errors.js';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

/** An attribute path: an optional schema URN, an attribute, an optional sub-attribute. */
export interface AttrPath {
  urn?: string;
  attr: string;
  sub?: string;
}

export type Filter =
  | { op: 'and' | 'or'; left: Filter; right: Filter }
  | { op: 'not'; filter: Filter }
  | { op: 'pr'; path: AttrPath }
  | { op: CompareOp; path: AttrPath; value: string | number | boolean | null }
  | { op: 'valuePath'; path: AttrPath; filter: Filter };

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: '(' | ')' | '[' | ']' };

const invalid = (message: string) => new ScimError(`invalid filter: ${message}`, 'invalidFilter');

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ kind: c });
      i++;
    } else if (c === '"') {
      // A JSON string (RFC 7159): escapes as JSON has them.
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      if (j >= input.length) throw invalid('a string is not closed');
      try {
        tokens.push({ kind: 'string', text: JSON.parse(input.slice(i, j + 1)) as string });
      } catch {
        throw invalid(`bad string ${input.slice(i, j + 1)}`);
      }
      i = j + 1;
    } else {
      let j = i;
      while (j < input.length && !/[\s()[\]"]/.test(input[j]!)) j++;
      tokens.push({ kind: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

const ATTR_NAME = /^\$?[A-Za-z][\w$-]*$/;

/** `userName`, `name.familyName`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`. */
export function parseAttrPath(text: string, error: (m: string) => ScimError = invalid): AttrPath {
  let urn: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const cut = text.lastIndexOf(':');
    urn = text.slice(0, cut);
    rest = text.slice(cut + 1);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((p) => ATTR_NAME.test(p))) throw error(`"${text}" is not an attribute path`);
  return { urn, attr: parts[0]!, sub: parts[1] };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Filter {
    if (this.tokens.length === 0) throw invalid('it is empty');
    const f = this.or();
    if (this.pos < this.tokens.length) throw invalid(`unexpected ${this.describe(this.tokens[this.pos]!)}`);
    return f;
  }

  private describe(t: Token): string {
    return t.kind === 'word' ? `"${t.text}"` : t.kind === 'string' ? `"${t.text}"` : `"${t.kind}"`;
  }
  private peekWord(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  }
  private expect(kind: '(' | ')' | '[' | ']'): void {
    const t = this.tokens[this.pos];
    if (t?.kind !== kind) throw invalid(`expected "${kind}"${t ? `, found ${this.describe(t)}` : ' at the end'}`);
    this.pos++;
  }

  private or(): Filter {
    let left = this.and();
    while (this.peekWord() === 'or') {
      this.pos++;
      left = { op: 'or', left, right: this.and() };
    }
    return left;
  }
  private and(): Filter {
    let left = this.unary();
    while (this.peekWord() === 'and') {
      this.pos++;
      left = { op: 'and', left, right: this.unary() };
    }
    return left;
  }
  private unary(): Filter {
    const t = this.tokens[this.pos];
    if (!t) throw invalid('it ends where an expression should be');
    if (t.kind === '(') {
      this.pos++;
      const f = this.or();
      this.expect(')');
      return f;
    }
    if (t.kind === 'word' && t.text.toLowerCase() === 'not' && this.tokens[this.pos + 1]?.kind === '(') {
      this.pos += 2;
      const f = this.or();
      this.expect(')');
      return { op: 'not', filter: f };
    }
    if (t.kind !== 'word') throw invalid(`unexpected ${this.describe(t)}`);
    this.pos++;
    const path = parseAttrPath(t.text);
    if (this.tokens[this.pos]?.kind === '[') {
      if (path.sub) throw invalid(`"${t.text}[" : a value filter follows an attribute, not a sub-attribute`);
      this.pos++;
      const filter = this.or();
      this.expect(']');
      return { op: 'valuePath', path, filter };
    }
    const opToken = this.tokens[this.pos];
    if (opToken?.kind !== 'word') throw invalid(`"${t.text}" needs an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)`);
    const op = opToken.text.toLowerCase();
    this.pos++;
    if (op === 'pr') return { op: 'pr', path };
    if (!COMPARE_OPS.has(op)) throw invalid(`"${opToken.text}" is not an operator`);
    return { op: op as CompareOp, path, value: this.compValue() };
  }
  private compValue(): string | number | boolean | null {
    const t = this.tokens[this.pos++];
    if (!t) throw invalid('a comparison needs a value');
    if (t.kind === 'string') return t.text;
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t.text)) return Number(t.text);
    }
    throw invalid(`${this.describe(t)} is not a value (a "string", a number, true, false or null)`);
  }
}

export function parseFilter(input: string): Filter {
  return new Parser(tokenize(input)).parse();
}

/** Parses a value filter's tokens (PATCH paths use it for `members[value eq "…"]`). */
export function parseTokens(tokens: Token[]): Filter {
  return new Parser(tokens).parse();
}

// --- evaluation ---------------------------------------------------------------------------

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const CORE_URNS = ['urn:ietf:params:scim:schemas:core:2.0:user', 'urn:ietf:params:scim:schemas:core:2.0:group'];
const CASE_EXACT = new Set(['id', 'externalid', 'version', '$ref']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key of an object, found case-insensitively. */
export function keyOf(o: Obj, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(o).find((k) => k.toLowerCase() === lower);
}

export function getKey(o: Obj, name: string): Json | undefined {
  const k = keyOf(o, name);
  return k === undefined ? undefined : o[k];
}

/** The object a path's attribute lives in: the resource itself, or its extension's object. */
export function containerOf(resource: Obj, urn: string | undefined): Obj | undefined {
  if (!urn || CORE_URNS.includes(urn.toLowerCase())) return resource;
  const ext = getKey(resource, urn);
  return isObj(ext) ? ext : undefined;
}

/** The values at a path, flattened over multi-valued attributes (`emails.value` → each email's value). */
function valuesAt(scope: Obj, path: AttrPath): Json[] {
  const container = containerOf(scope, path.urn);
  if (!container) return [];
  const top = getKey(container, path.attr);
  if (top === undefined || top === null) return [];
  const items = Array.isArray(top) ? top : [top];
  if (!path.sub) return items;
  return items.flatMap((item) => {
    if (!isObj(item)) return [];
    const v = getKey(item, path.sub!);
    return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  });
}

const present = (v: Json): boolean => !(v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0));

function compare(op: CompareOp, actual: Json, expected: string | number | boolean | null, caseExact: boolean): boolean {
  // A complex value without a sub-attribute compares by its "value" (`emails co "@example.com"`).
  if (isObj(actual)) actual = getKey(actual, 'value') ?? null;
  if (expected === null) return op === 'eq' ? actual === null : op === 'ne' ? actual !== null : false;
  if (actual === null || Array.isArray(actual) || isObj(actual)) return op === 'ne';
  if (typeof expected === 'boolean') {
    if (!['eq', 'ne'].includes(op)) throw invalid(`"${op}" does not compare booleans`);
    const a = typeof actual === 'string' ? actual.toLowerCase() === 'true' : actual === true;
    return op === 'eq' ? a === expected : a !== expected;
  }
  if (typeof expected === 'number') {
    const a = typeof actual === 'number' ? actual : Number(actual);
    if (Number.isNaN(a)) return op === 'ne';
    switch (op) {
      case 'eq': return a === expected;
      case 'ne': return a !== expected;
      case 'gt': return a > expected;
      case 'ge': return a >= expected;
      case 'lt': return a < expected;
      case 'le': return a <= expected;
      default: {
        const s = String(a);
        const e = String(expected);
        return op === 'co' ? s.includes(e) : op === 'sw' ? s.startsWith(e) : s.endsWith(e);
      }
    }
  }
  if (typeof actual === 'boolean') {
    if (!['eq', 'ne'].includes(op)) throw invalid(`"${op}" does not compare booleans`);
    const matches = String(actual) === expected.toLowerCase();
    return op === 'eq' ? matches : !matches;
  }
  let a = String(actual);
  let e = expected;
  if (!caseExact) {
    a = a.toLowerCase();
    e = e.toLowerCase();
  }
  switch (op) {
    case 'eq': return a === e;
    case 'ne': return a !== e;
    case 'co': return a.includes(e);
    case 'sw': return a.startsWith(e);
    case 'ew': return a.endsWith(e);
    // Strings, and dateTimes in one ISO-8601 form, order lexicographically.
    case 'gt': return a > e;
    case 'ge': return a >= e;
    case 'lt': return a < e;
    case 'le': return a <= e;
  }
}

/** Whether `resource` (or, inside a value filter, one element of a multi-valued attribute) matches. */
export function matches(filter: Filter, resource: Obj): boolean {
  switch (filter.op) {
    case 'and': return matches(filter.left, resource) && matches(filter.right, resource);
    case 'or': return matches(filter.left, resource) || matches(filter.right, resource);
    case 'not': return !matches(filter.filter, resource);
    case 'pr': return valuesAt(resource, filter.path).some(present);
    case 'valuePath': {
      const container = containerOf(resource, filter.path.urn);
      const v = container ? getKey(container, filter.path.attr) : undefined;
      const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
      return items.some((item) => isObj(item) && matches(filter.filter, item));
    }
    default: {
      const caseExact = CASE_EXACT.has((filter.path.sub ?? filter.path.attr).toLowerCase());
      const values = valuesAt(resource, filter.path);
      if (filter.op === 'ne') return values.length === 0 ? filter.value !== null : !values.some((v) => compare('eq', v, filter.value, caseExact));
      if (values.length === 0) return filter.op === 'eq' && filter.value === null;
      return values.some((v) => compare(filter.op as CompareOp, v, filter.value, caseExact));
    }
  }
}

/** The value a resource sorts by (RFC 7644 §3.4.2.3: of a multi-valued attribute, the primary or first). */
export function sortValue(resource: Obj, path: AttrPath): string | number | undefined {
  const container = containerOf(resource, path.urn);
  if (!container) return undefined;
  let v = getKey(container, path.attr);
  if (Array.isArray(v)) v = v.find((x) => isObj(x) && getKey(x, 'primary') === true) ?? v[0];
  if (path.sub || isObj(v)) v = isObj(v) ? getKey(v, path.sub ?? 'value') : undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'boolean') return String(v);
  return undefined;
}
