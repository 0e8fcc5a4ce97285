/**
 * Entitlements chosen across apps by searching their names (every app the user may read): a
 * bundle's items, the entitlements whose holders may ask. Each shows as "App: entitlement".
 */
import { get, query, type EntitlementRow, type Page } from '../../api';
import { SearchMultiSelect } from '../SearchMultiSelect';

export interface PickedEntitlement {
  appId: string;
  appName: string;
  entitlementId: string;
  /** null: no longer in the app's catalog. */
  entitlementName: string | null;
}

export const entitlementKey = (e: Pick<PickedEntitlement, 'appId' | 'entitlementId'>) => `${e.appId}\u0000${e.entitlementId}`;
export const entitlementLabel = (e: PickedEntitlement) => `${e.appName}: ${e.entitlementName ?? `${e.entitlementId} (no longer in the catalog)`}`;

const search = async (q: string): Promise<PickedEntitlement[]> =>
  (await get<Page<EntitlementRow>>(`/entitlements${query({ q, limit: 20 })}`)).items.map((e) => ({ appId: e.appId, appName: e.appName, entitlementId: e.id, entitlementName: e.displayName }));

export function EntitlementsPicker({ label, description, value, onChange, required, error }: { label: string; description?: string; value: PickedEntitlement[]; onChange: (items: PickedEntitlement[]) => void; required?: boolean; error?: string }) {
  return (
    <SearchMultiSelect<PickedEntitlement>
      label={label}
      description={description}
      placeholder="Search entitlements of every app"
      queryKey={['entitlements', 'pick', 'any-app']}
      search={search}
      option={(e) => ({ value: entitlementKey(e), label: entitlementLabel(e) })}
      value={value}
      onChange={onChange}
      required={required}
      error={error}
    />
  );
}
