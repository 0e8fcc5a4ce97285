/** Just-in-time access requests: what may be requested, request policies (CEL), requests, approvals, fulfilment and expiry through tasks. */
export * from './model.js';
export { conditionProblem } from './cel.js';
export { effectiveSettings, setSettings, listSettings, requestCatalog } from './settings.js';
export { createRequestPolicy, updateRequestPolicy, deleteRequestPolicy, listRequestPolicies, loadRequestPolicy } from './policies.js';
export { createRequest, planRequest, approveRequest, denyRequest, cancelRequest, releaseRequest, extendRequest, loadRequest, type Requester } from './requests.js';
export { listRequests, requestDetail, presentRequests } from './views.js';
export { requestTick, startRequestClock } from './lifecycle.js';
export { stepApprovers } from './evaluate.js';
