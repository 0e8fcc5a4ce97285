/**
 * What asking would do (POST /requests/preview): approved at once, denied with the policy's
 * message, or the approval steps in order with who would be asked at each now (or that nobody can
 * be, the step then waiting for its timeout); the access conflicts it would create, in red; the rule
 * (or baseline) of which policy decided; conditions that failed to evaluate.
 */
import { Alert, List, Loader, Group, Stack, Text } from '@mantine/core';
import { ApiError, type RequestPreview } from '../../api';
import { durationText, stepText } from './model';

/** Approvers named per step (a group may have many). */
const APPROVERS_SHOWN = 8;

export function PreviewResult({ preview, error, loading, emergency }: { preview: RequestPreview | undefined; error: unknown; loading: boolean; emergency?: boolean }) {
  if (error) {
    const e = error instanceof ApiError ? error : undefined;
    return (
      <Alert color="orange" title={e?.status === 409 ? 'Nothing to ask for' : 'This cannot be asked as it is'} role="alert" data-testid="request-preview" data-outcome="error">
        {e?.detail || (error as Error).message}
      </Alert>
    );
  }
  if (!preview) {
    return (
      <Group gap="xs" data-testid="request-preview" data-outcome="loading">
        {loading && <Loader size="xs" />}
        <Text size="sm" c="dimmed">
          {loading ? 'Checking what will happen…' : 'Fill in the request to see what will happen.'}
        </Text>
      </Group>
    );
  }
  const o = preview.outcome;
  const by = preview.rule ? `rule “${preview.rule}” of ${preview.policy.name}` : preview.policy.id ? `the baseline of ${preview.policy.name} (no rule matched)` : 'the default policy (the entitlement’s owners approve, else the app’s)';
  const how = durationText(preview.durationMinutes);
  return (
    <Stack gap="xs" data-testid="request-preview" data-outcome={o.kind} aria-busy={loading}>
      {o.kind === 'approve' ? (
        <Alert color={emergency ? 'red' : 'green'} title={emergency ? 'Granted at once (emergency)' : 'Approved at once'}>
          <Text size="sm">
            The access is granted as soon as you ask, {preview.durationMinutes === null ? 'permanently' : `for ${how}`}. {emergency ? 'Break-glass needs no approval: it is announced and reviewed afterwards.' : `Decided by ${by}.`}
          </Text>
        </Alert>
      ) : o.kind === 'deny' ? (
        <Alert color="red" title="Denied by policy">
          <Text size="sm" data-testid="deny-message">
            {o.message}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            Decided by {by}.
          </Text>
        </Alert>
      ) : (
        <Alert color="blue" title={`${o.steps.length} approval step${o.steps.length === 1 ? '' : 's'}`}>
          <List size="sm" type="ordered" data-testid="preview-steps">
            {o.steps.map((s, i) => {
              const who = preview.steps[i];
              const groups = new Map((who?.groups ?? []).map((g) => [g.id, g.name]));
              return (
                <List.Item key={i} data-step={i + 1}>
                  {stepText(s, undefined, (ids) => ids.map((id) => groups.get(id) ?? 'a deleted group').join(', '))}
                  {who && (
                    <Text size="xs" c={who.approvers.length ? 'dimmed' : 'orange.8'} data-testid="step-approvers">
                      {who.approvers.length
                        ? `Asked now: ${who.approvers
                            .slice(0, APPROVERS_SHOWN)
                            .map((a) => a.name)
                            .join(', ')}${who.approvers.length > APPROVERS_SHOWN ? ` and ${who.approvers.length - APPROVERS_SHOWN} more` : ''}`
                        : `Nobody can approve this step now (nobody found, or only the person asking or the one it is for): ${s.onTimeout === 'escalate' ? 'after its timeout it is escalated' : 'after its timeout it is denied'}.`}
                    </Text>
                  )}
                </List.Item>
              );
            })}
          </List>
          <Text size="xs" c="dimmed" mt={4}>
            {preview.durationMinutes === null ? 'Permanent access' : `For ${how}`}, counted from the moment it is granted. Decided by {by}.
          </Text>
        </Alert>
      )}
      {preview.conflicts.length > 0 && (
        <Alert color="red" variant="filled" title="It would create access conflicts" data-testid="preview-conflicts">
          <List size="sm">
            {preview.conflicts.map((c) => (
              <List.Item key={c.ruleId}>
                {c.name} ({c.severity})
              </List.Item>
            ))}
          </List>
          <Text size="xs" mt={4}>
            Holding this with what is held already breaks a separation of duties rule: the rule’s owner is asked to approve.
          </Text>
        </Alert>
      )}
      {preview.errors.length > 0 && (
        <Alert color="orange" title="Conditions that could not be evaluated (treated as not matching)">
          <List size="sm">
            {preview.errors.map((e) => (
              <List.Item key={e.rule}>
                {e.rule}: {e.error}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
