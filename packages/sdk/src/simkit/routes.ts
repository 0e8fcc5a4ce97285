/**
 * A route table for simulators: `{name}` templates (as in OpenAPI paths, so each route can be
 * checked against the vendor's spec), matched in the order they were added.
 */
export interface SimRoute<Meta, Handler> {
  method: string;
  template: string;
  meta: Meta;
  handler: Handler;
  regex: RegExp;
  names: string[];
}

export class RouteTable<Meta, Handler> {
  readonly routes: SimRoute<Meta, Handler>[] = [];

  add(method: string, template: string, meta: Meta, handler: Handler): void {
    const names: string[] = [];
    const pattern = template.replace(/[.*+?^$()|\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    this.routes.push({ method, template, meta, handler, regex: new RegExp(`^${pattern}$`), names });
  }

  match(method: string, path: string): { route: SimRoute<Meta, Handler>; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (m) return { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
    }
    return undefined;
  }

  /** True when some route serves this path with another method (405 rather than 404). */
  hasPath(path: string): boolean {
    return this.routes.some((r) => r.regex.test(path));
  }
}
