/**
 * The web UI: the built single-page app (apps/web/dist) served at `/`. Every GET that is not the
 * API, the docs or a file gets index.html, so that bookmarked and shared URLs open the right page.
 * index.html (and any other unhashed file) is `no-cache`: it names the current build's scripts,
 * and a cached copy would keep a browser on an old UI after an upgrade (or on a fixed hole). The
 * files under /assets carry a content hash in their names: cached for a year, never revalidated.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

/** From src/http/ or dist/http/ of apps/server, the web app's build is in apps/web/dist. */
export function webDistDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GATEHOUSE_WEB_DIR || fileURLToPath(new URL('../../../web/dist', import.meta.url));
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Gatehouse</title>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>Gatehouse</h1><p>The web UI has not been built. Run <code>npm run build</code> (or <code>npm start</code> for the demo)
and reload. The API is available at <a href="/docs">/docs</a>.</p></body></html>`;

export async function registerWebUi(app: FastifyInstance, dir = webDistDir()): Promise<void> {
  const built = existsSync(`${dir}/index.html`);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: false,
      // Cache-Control is set per file below (the plugin's one maxAge would cover index.html too).
      cacheControl: false,
      setHeaders: (res, path) => res.setHeader('cache-control', relative(dir, path).startsWith(`assets${sep}`) ? HASHED_ASSET_CACHE : 'no-cache'),
    });
  }
  // /scim is the SCIM service provider's (routes/scim.ts), not a page.
  const isApiPath = (url: string) => /^\/(api|scim|docs|openapi\.json|healthz|readyz|metrics)(\/|\?|$)/.test(url);
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || isApiPath(req.url)) return;
    const path = req.url.split('?')[0]!;
    // Hashed assets are served by the static plugin; everything else is a page of the app.
    if (built && /\.[a-z0-9]+$/i.test(path)) return;
    reply.header('cache-control', 'no-cache');
    if (!built) return reply.type('text/html').send(NOT_BUILT);
    return reply.sendFile('index.html');
  });
}
