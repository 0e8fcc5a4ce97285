/** Provisioning tasks: ask for a change, follow it, cancel, retry, complete a manual one. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal } from '../http/access.js';
import { actorOf, appScope } from '../modules/auth/principal.js';
import { cancelTask, completeTask, countTasks, createTask, listTasks, loadTask, retryTask, taskDetail, taskRequest, TASK_KINDS, TASK_ORIGINS, TASK_STATES, VERIFICATIONS } from '../modules/tasks/index.js';
import { pagedOf, pageQuery } from '../paging.js';

const who = z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable();
export const taskView = z.object({
  id: z.string(),
  appId: z.string(),
  appName: z.string(),
  connectorId: z.string().nullable(),
  kind: z.enum(TASK_KINDS),
  state: z.enum(TASK_STATES),
  summary: z.string(),
  input: z.record(z.string(), z.unknown()),
  requestedBy: who,
  reason: z.string(),
  origin: z.enum(TASK_ORIGINS),
  originId: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  completedBy: who,
  completion: z.enum(['done', 'not_possible']).nullable(),
  comment: z.string().nullable(),
  verification: z.enum(VERIFICATIONS).nullable(),
  attempts: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  updatedAt: z.string(),
});
const idParam = z.object({ id: z.string() });
const comment = z.string().trim().min(1).max(2000);

export const taskRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const appOfTask = async (req: { params: unknown }) => (await loadTask(ctx, (req.params as { id: string }).id)).app_id;
  const appOfBody = (req: { body: unknown }) => String((req.body as { appId?: unknown } | undefined)?.appId ?? '');

  app.post(
    '/tasks',
    {
      config: can('provision', appOfBody),
      schema: {
        tags: ['tasks'],
        summary: 'Ask for a change in an app: grant, revoke, create, update or deprovision an account (a reason is required)',
        description: 'Checked against the catalog first. The task runs through the connector when its provisioning switch is on and it can make the change; otherwise it is manual and the app owners are notified.',
        body: taskRequest,
        response: { 201: taskView },
      },
    },
    async (req, reply) => {
      const p = principal(req);
      return reply.status(201).send(await createTask(ctx, { actor: actorOf(p), userId: p.userId }, req.body));
    },
  );

  app.get(
    '/tasks',
    {
      config: can('tasks:read'),
      schema: {
        tags: ['tasks'],
        summary: 'Tasks, newest first; filter by state (comma-separated), app, kind, requester, origin',
        querystring: z.object({
          ...pageQuery,
          state: z
            .string()
            .max(200)
            .optional()
            .transform((s, c) => {
              const states = s ? s.split(',').filter(Boolean) : [];
              for (const st of states) if (!(TASK_STATES as readonly string[]).includes(st)) c.addIssue({ code: 'custom', message: `unknown state "${st}" (${TASK_STATES.join(', ')})` });
              return states as (typeof TASK_STATES)[number][];
            }),
          appId: z.string().max(200).optional(),
          kind: z.enum(TASK_KINDS).optional(),
          requestedBy: z.string().max(200).optional(),
          origin: z.enum(TASK_ORIGINS).optional(),
          originId: z.string().max(200).optional(),
        }),
        response: { 200: pagedOf(taskView) },
      },
    },
    async (req) => listTasks(ctx, await appScope(ctx.db, principal(req)), req.query),
  );

  app.get(
    '/tasks/counts',
    {
      config: can('tasks:read'),
      schema: { tags: ['tasks'], summary: 'How many tasks are in each state', querystring: z.object({ appId: z.string().max(200).optional() }), response: { 200: z.record(z.enum(TASK_STATES), z.number()) } },
    },
    async (req) => countTasks(ctx, await appScope(ctx.db, principal(req)), req.query.appId),
  );

  app.get(
    '/tasks/:id',
    {
      config: can('tasks:read', appOfTask),
      schema: {
        tags: ['tasks'],
        summary: 'A task with its log and the catalog events it caused (drift included)',
        params: idParam,
        response: {
          200: taskView.extend({
            log: z.array(z.object({ at: z.string(), level: z.string(), message: z.string() })),
            history: z.array(z.object({ at: z.string(), action: z.string(), from: z.string().nullable(), to: z.string().nullable(), actor: z.object({ type: z.string(), id: z.string().nullable() }) })),
            events: z.array(z.object({ seq: z.number(), kind: z.string(), grantId: z.string(), syncRunId: z.string().nullable(), createdAt: z.string() })),
          }),
        },
      },
    },
    async (req) => taskDetail(ctx, req.params.id),
  );

  app.post(
    '/tasks/:id/cancel',
    { config: can('provision', appOfTask), schema: { tags: ['tasks'], summary: 'Cancel a pending or manual task', params: idParam, body: z.object({ comment: comment.optional() }).optional(), response: { 200: taskView } } },
    async (req) => cancelTask(ctx, actorOf(principal(req)), req.params.id, req.body?.comment),
  );

  app.post('/tasks/:id/retry', { config: can('provision', appOfTask), schema: { tags: ['tasks'], summary: 'Run a failed (or manual) task again', params: idParam, response: { 200: taskView } } }, async (req) =>
    retryTask(ctx, actorOf(principal(req)), req.params.id),
  );

  app.post(
    '/tasks/:id/complete',
    {
      config: can('provision', appOfTask),
      schema: {
        tags: ['tasks'],
        summary: 'Complete a manual task: the change was made by hand (done) or cannot be made (not_possible), with a comment',
        params: idParam,
        body: z.object({ outcome: z.enum(['done', 'not_possible']), comment }),
        response: { 200: taskView },
      },
    },
    async (req) => {
      const p = principal(req);
      return completeTask(ctx, actorOf(p), p.userId, req.params.id, req.body.outcome, req.body.comment);
    },
  );
};
