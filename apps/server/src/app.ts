/**
 * The HTTP server: Fastify with zod-typed routes (validation and /openapi.json from one schema),
 * RFC 9457 problem+json errors, and the caller resolved from a session cookie or an API token.
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { resolvePrincipal } from './auth/principal.js';
import type { Context } from './context.js';
import { Problem } from './problems.js';
import { appRoutes } from './routes/apps.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { catalogRoutes } from './routes/catalog.js';
import { peopleRoutes } from './routes/people.js';
import { statsRoutes } from './routes/stats.js';
import { registerWebUi } from './web-ui.js';

export type App = FastifyInstance;

export async function buildApp(ctx: Context): Promise<FastifyInstance> {
  // No request logging: secrets travel in some bodies (connector configs). Errors are logged below.
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gatehouse API', version: '0.1.0', description: 'Identity governance: apps, connectors, the access catalog, people and the audit log.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token (POST /api/v1/tokens)' },
          session: { type: 'apiKey', in: 'cookie', name: 'gatehouse_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));

  app.addHook('onRequest', async (req) => {
    req.principal = await resolvePrincipal(ctx, req);
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    const send = (status: number, body: Record<string, unknown>) => reply.status(status).type('application/problem+json').send({ status, instance: req.url.split('?')[0], ...body });
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((v) => ({ field: `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`, message: v.message ?? 'invalid' }));
      return send(400, { type: 'about:blank', title: 'Bad Request', detail: 'the request is invalid', errors });
    }
    if (error instanceof Problem) return send(error.status, { type: 'about:blank', title: error.title, detail: error.detail, ...error.extra });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return send(status, { type: 'about:blank', title: error.name, detail: error.message });
    ctx.logger.error({ err: error.message, url: req.url.split('?')[0] }, 'unhandled error');
    return send(500, { type: 'about:blank', title: 'Internal Server Error', detail: 'something went wrong; the server log has the details' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  await app.register(authRoutes(ctx), { prefix: '/api/v1' });
  await app.register(appRoutes(ctx), { prefix: '/api/v1' });
  await app.register(catalogRoutes(ctx), { prefix: '/api/v1' });
  await app.register(peopleRoutes(ctx), { prefix: '/api/v1' });
  await app.register(auditRoutes(ctx), { prefix: '/api/v1' });
  await app.register(statsRoutes(ctx), { prefix: '/api/v1' });
  await registerWebUi(app as unknown as FastifyInstance);
  return app as unknown as FastifyInstance;
}
