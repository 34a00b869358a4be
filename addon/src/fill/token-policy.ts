import { complexities, type OutputTokenPolicy } from '../../shared/sidebar-contract';
import type { BackendModelList } from '../backend/backend-client';

/** What the tag editor needs to say when max output tokens go above the organisation's ceiling. */
export function tokenPolicyOf(list: BackendModelList): OutputTokenPolicy {
  const defaultModels: OutputTokenPolicy['defaultModels'] = {};
  for (const complexity of complexities) {
    const model = list.defaults[complexity];
    if (model) defaultModels[complexity] = model;
  }
  return { ceilings: list.tokenLimits, justifications: list.tokenLimitJustifications, defaultModels };
}
