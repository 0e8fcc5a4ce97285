/** The audit log and its chain verification. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can } from '../http/access.js';
import { Readable } from 'node:stream';
import { readCheckpoints } from '../modules/audit/checkpoints.js';
import { exportAudit } from '../modules/audit/export.js';
import { verifyLog } from '../modules/audit/verify.js';
import { listAudit } from '../modules/audit/queries.js';
import { pagedOf, pageQuery } from '../paging.js';

const text = z.string().max(500).optional();

export const auditRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/audit',
    {
      config: can('audit:read'),
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first, filterable',
        querystring: z.object({ ...pageQuery, action: text, targetType: text, targetId: text, actorId: text }),
        response: {
          200: pagedOf(
            z.object({
              seq: z.number(),
              id: z.string(),
              at: z.string(),
              actor: z.object({ type: z.string(), id: z.string().nullable() }),
              action: z.string(),
              target: z.object({ type: z.string(), id: z.string().nullable() }),
              before: z.unknown(),
              after: z.unknown(),
              prevHash: z.string(),
              hash: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => listAudit(ctx, req.query),
  );

  app.get(
    '/audit/verify',
    {
      config: can('audit:read'),
      schema: {
        tags: ['audit'],
        summary: "Verify the hash chain and the signed checkpoints of its head; reports the first broken link, a truncated or a re-chained log",
        response: {
          200: z.object({
            ok: z.boolean(),
            events: z.number(),
            brokenAt: z.object({ seq: z.number(), id: z.string(), reason: z.string() }).optional(),
            checkpoints: z.object({
              checkpoints: z.number(),
              verifiedThrough: z.object({ seq: z.number(), at: z.string() }).optional(),
              problem: z.object({ kind: z.enum(['forged', 'truncated', 'rechained']), seq: z.number(), reason: z.string() }).optional(),
            }),
          }),
        },
      },
    },
    async () => verifyLog(ctx.db.db, ctx.auditSigner.file, ctx.auditSigner.publicKey),
  );

  app.get(
    '/audit/checkpoints',
    {
      config: can('audit:read'),
      schema: {
        tags: ['audit'],
        summary: "The signed checkpoints of the chain's head and the public key that verifies them (to keep in an external store)",
        response: { 200: z.object({ publicKey: z.string(), items: z.array(z.object({ seq: z.number(), hash: z.string(), events: z.number(), at: z.string(), signature: z.string() })) }) },
      },
    },
    async () => ({ publicKey: ctx.auditSigner.publicKeyPem(), items: readCheckpoints(ctx.auditSigner.file) }),
  );

  app.get(
    '/audit/export',
    {
      config: can('audit:read'),
      schema: {
        tags: ['audit'],
        summary: 'The audit log as JSON lines, oldest first, for a SIEM: Gatehouse events or OCSF API Activity (class 6003); `after` resumes after a sequence number',
        querystring: z.object({ format: z.enum(['native', 'ocsf']).default('native'), after: z.coerce.number().int().min(0).default(0) }),
        response: { 200: z.string().describe('application/x-ndjson: one event per line') },
      },
    },
    // A stream bypasses the response serializer (the schema above documents the lines); the cast says so to the types.
    async (req, reply) => reply.type('application/x-ndjson').send(Readable.from(exportAudit(ctx.db.db, req.query.format, req.query.after)) as unknown as string),
  );
};
