/** Provisioning tasks: the only way the platform changes an app (see model.ts for the states). */
export { TASK_JOB, TASK_KINDS, TASK_STATES, TASK_ORIGINS, VERIFICATIONS, taskRequest, type TaskKind, type TaskState, type TaskRequest } from './model.js';
export { createTask, type Requester } from './create.js';
export { cancelTask, retryTask, completeTask } from './actions.js';
export { listTasks, countTasks, taskDetail, loadTask } from './store.js';
export { runTaskJob } from './runner.js';
export { verifyAfterSync } from './verification.js';
