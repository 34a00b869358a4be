import type { ProviderView } from '../../shared/admin-contract';
import { callAdmin } from '../common/call-server';

/**
 * The providers the backend can connect to, asked once per dialog: the backend's registry is the only list, so
 * a provider added there appears here without an add-on release. A failed load is asked again next time.
 */
let loading: Promise<ProviderView[]> | undefined;

export function loadProviders(): Promise<ProviderView[]> {
  loading ??= callAdmin('listProviders').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** How people see a provider; an id the backend no longer lists (a removed provider's record) shows as is. */
export function providerName(providers: readonly ProviderView[], id: string): string {
  return providers.find((provider) => provider.id === id)?.displayName ?? id;
}
