import type { FillInput, FillOutcome, SidebarState } from './sidebar-contract';

/** Every add-on server function a page may call through `google.script.run`. */
export interface ServerApi {
  getSidebarState(): SidebarState;
  saveDrafts(input: FillInput): void;
  fillDocument(input: FillInput): FillOutcome;
}

export const serverApiFunctionNames = ['getSidebarState', 'saveDrafts', 'fillDocument'] as const;

// Fails to compile when a function of ServerApi is missing from the list above.
type MissingName = Exclude<keyof ServerApi, (typeof serverApiFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;
