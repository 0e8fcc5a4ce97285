/**
 * The HTTP server: Fastify with zod-typed routes (validation, responses and /openapi.json from one
 * schema), authorization declared on every route (`http/access.ts`), the caller resolved from a
 * session cookie or an API token, cookie requests from other sites refused (`http/csrf.ts`),
 * security headers (`http/security-headers.ts`), and domain errors as RFC 9457 problem+json
 * (`http/problems.ts`).
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Context } from './context.js';
import { pendingMigrations } from './db/migrations.js';
import { enforceAccess, metricsScraper, type RouteAccess } from './http/access.js';
import { refuseCrossSiteRequests } from './http/csrf.js';
import { errorHandler, sendProblem } from './http/problems.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerWebUi } from './http/web-ui.js';
import { primeDummyHash } from './modules/auth/credentials.js';
import { principalFromSession, principalFromToken, SESSION_COOKIE } from './modules/auth/principal.js';
import { appRoutes } from './routes/apps.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { campaignRoutes } from './routes/campaigns.js';
import { catalogRoutes } from './routes/catalog.js';
import { conflictRoutes } from './routes/conflicts.js';
import { connectorRoutes } from './routes/connectors.js';
import { notificationRoutes } from './routes/notifications.js';
import { peopleRoutes } from './routes/people.js';
import { requestBundleRoutes } from './routes/request-bundles.js';
import { requestRoutes } from './routes/requests.js';
import { reviewRoutes } from './routes/reviews.js';
import { scimClientRoutes } from './routes/scim-clients.js';
import { SCIM_PREFIX, scimRoutes } from './routes/scim.js';
import { ssoRoutes } from './routes/sso.js';
import { statsRoutes } from './routes/stats.js';
import { taskRoutes } from './routes/tasks.js';

export type App = FastifyInstance;

/** Why the server cannot serve yet, or undefined when it can. */
async function readiness(ctx: Context): Promise<string | undefined> {
  try {
    await sql`SELECT 1`.execute(ctx.db.db);
  } catch {
    return 'the database does not answer';
  }
  const pending = await pendingMigrations(ctx.db.db as never, ctx.db.dialect).catch(() => ['?']);
  return pending.length ? `database migrations not run: ${pending.join(', ')}` : undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with the access it declared (the security tests walk it). */
    accessTable: RouteAccess[];
  }
}

/** Route plugins, in the order their tags appear in the docs. */
const ROUTES = [authRoutes, appRoutes, connectorRoutes, catalogRoutes, peopleRoutes, taskRoutes, campaignRoutes, reviewRoutes, conflictRoutes, requestRoutes, requestBundleRoutes, notificationRoutes, ssoRoutes, auditRoutes, statsRoutes];

export async function buildApp(ctx: Context): Promise<FastifyInstance> {
  // No request logging: secrets travel in some bodies (connector configs). Errors are logged below.
  // X-Forwarded-* (the client's address, https) are believed only from the proxies the operator
  // named (GATEHOUSE_TRUST_PROXY): anyone else could claim any address, or https.
  const app = Fastify({
    logger: false,
    trustProxy: ctx.config.trustProxy ?? false,
    // The router's own refusals (a malformed URL, a path parameter past 100 characters) answer as
    // problems too, like every other error (found by test/bad-input.test.ts).
    frameworkErrors: (error, req, reply) =>
      sendProblem(reply, req, {
        type: 'about:blank',
        title: error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI Too Long' : 'Bad Request',
        status: error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400,
        detail: error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is longer than 100 characters' : 'the URL is not valid',
      }),
  }).withTypeProvider<ZodTypeProvider>();
  // API latency, labelled by the route's pattern (`/api/v1/apps/:id`), never the URL asked for:
  // one series per route, however many ids are asked for.
  app.addHook('onResponse', async (req, reply) => {
    ctx.metrics.observeRequest(req.routeOptions.url, req.method, reply.statusCode, reply.elapsedTime);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON bodies only. Fastify also parses text/plain, which a page elsewhere may post without a
  // CORS preflight (as it may forms, which Fastify already refuses); without a parser it is a 415.
  app.removeContentTypeParser('text/plain');
  await registerSecurityHeaders(app as unknown as FastifyInstance);
  await app.register(cookie);
  refuseCrossSiteRequests(app as unknown as FastifyInstance, ctx);
  primeDummyHash();
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gatehouse API', version: '0.1.0', description: 'Identity governance: apps, connectors, the access catalog, people, provisioning tasks, notifications and the audit log.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token (POST /api/v1/tokens)' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Liveness: the process answers. Readiness: it can serve (database reachable, migrations done);
  // Kubernetes restarts on the first and routes traffic on the second.
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    const problem = await readiness(ctx);
    if (problem) return sendProblem(reply, req, { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: problem });
    return { ok: true };
  });
  // Prometheus metrics, for a scraper holding GATEHOUSE_METRICS_TOKEN (see `metricsScraper`).
  app.get('/metrics', { schema: { hide: true }, config: metricsScraper }, async (_req, reply) => {
    const { contentType, body } = await ctx.metrics.scrape();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });

  app.addHook('onRequest', async (req) => {
    // The metrics token is not a platform user's: nothing to look up.
    if (req.routeOptions.config?.access?.kind === 'metrics-token') return;
    // Nor is a SCIM client's: /scim/v2 has its own guard (routes/scim.ts), which sessions and API tokens do not pass.
    if (req.url.startsWith(`${SCIM_PREFIX}/`)) return;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) req.principal = await principalFromToken(ctx.db, header.slice(7).trim());
    else if (req.cookies?.[SESSION_COOKIE]) req.principal = await principalFromSession(ctx.db, req.cookies[SESSION_COOKIE]);
  });
  app.decorate('accessTable', enforceAccess(app as unknown as FastifyInstance, ctx));

  app.setErrorHandler(errorHandler((message, url) => ctx.logger.error({ err: message, url }, 'unhandled error')));
  app.setNotFoundHandler((req, reply) => sendProblem(reply, req, { type: 'about:blank', title: 'Not Found', status: 404, detail: `no route ${req.method} ${req.url.split('?')[0]}` }));

  for (const routes of ROUTES) await app.register(routes(ctx), { prefix: '/api/v1' });
  await app.register(scimClientRoutes(ctx), { prefix: '/api/v1' });
  // SCIM 2.0 for identity providers: outside /api/, guarded by the plugin itself (a SCIM client's token only).
  await app.register(scimRoutes(ctx), { prefix: SCIM_PREFIX });
  await registerWebUi(app as unknown as FastifyInstance);
  return app as unknown as FastifyInstance;
}
