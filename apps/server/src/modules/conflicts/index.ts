/** Access conflicts (separation of duties): rules, violations found after every sync, exemptions. */
export * from './model.js';
export { createRule, updateRule, deleteRule, listRules, loadRule, presentRules } from './rules.js';
export { evaluateRule, evaluateAfterSync, reopenEndedExemptions, startExemptionClock } from './detect.js';
export { listViolations, exemptViolation, openConflictsOf, violatingHoldings } from './violations.js';
