/** User access reviews (docs/ARCHITECTURE.md): campaigns over a snapshot of grants, review policies, decisions, remediation through tasks, reminders and signed evidence. */
export * from './model.js';
export { createPolicy, updatePolicy, deletePolicy, listPolicies, loadPolicy, setPreferredPolicy, preferredPolicies, type PolicyView } from './policies.js';
export { createCampaign, updateCampaign, startCampaign, previewCampaign, cancelCampaign, deleteCampaign, runStartJob, loadCampaign, freshness, completeIfDone } from './campaigns.js';
export { listCampaigns, campaignDetail, visibleCampaign, presentCampaigns } from './campaign-views.js';
export { decide, submit, reassign, type Reviewer, type ItemFilter } from './decisions.js';
export { listItems, loadItem, itemDetail, inboxSummary, campaignProgress, ITEM_SORTS } from './items.js';
export { runRemediationJob, closeRemovedItems, remediationOf } from './remediation.js';
export { applyDueActions, sendReminders, latestReminderMoment, startReviewClock } from './deadlines.js';
export { listDelegations, createDelegation, deleteDelegation } from './delegations.js';
export { createTemplate, deleteTemplate, getTemplate, listTemplates, runDueTemplates, setTemplateEnabled, templateCampaign, templateInput, updateTemplate } from './templates.js';
export { createReport, listReports, reportFile } from './evidence/report.js';
export { verifyEvidence, type EvidenceCheck } from './evidence/manifest.js';
