import type {
  DocumentScanSummary,
  FillOutcome,
  FeedbackInput,
  FeedbackOutcome,
  FillProgressView,
  FillRequestInput,
  RefineInput,
  RefineOutcome,
  SaveTemplateInput,
  SaveTemplateOutcome,
  SidebarState,
  TagConfiguration,
  WriteInput,
  WriteOutcome,
} from './sidebar-contract';

/**
 * What the sidebar calls through `google.script.run`. A fill without preview is one call (`fillDocument` with mode
 * "write" or "copy"): one Apps Script execution scans, generates through the backend and writes in one pass.
 */
export interface SidebarServerApi {
  getSidebarState(): SidebarState;
  rescanDocument(): DocumentScanSummary;
  saveTemplate(input: SaveTemplateInput): SaveTemplateOutcome;
  /** Unsaved edits, kept per user and document so closing the sidebar loses nothing. */
  saveDrafts(drafts: Record<string, TagConfiguration>): void;
  saveFieldValues(values: Record<string, string>): void;
  fillDocument(input: FillRequestInput): FillOutcome;
  getFillProgress(fillId: string): FillProgressView;
  writeFill(input: WriteInput): WriteOutcome;
  /** 👍/👎, with an optional reason, on one generated tag; a later rating of the same tag replaces the earlier. */
  sendFeedback(input: FeedbackInput): FeedbackOutcome;
  /** One tag's text rewritten with an instruction: a paid generation, like Regenerate. */
  refineTag(input: RefineInput): RefineOutcome;
}

export const sidebarServerFunctionNames = [
  'getSidebarState',
  'rescanDocument',
  'saveTemplate',
  'saveDrafts',
  'saveFieldValues',
  'fillDocument',
  'getFillProgress',
  'writeFill',
  'sendFeedback',
  'refineTag',
] as const;

// Fails to compile when a function of SidebarServerApi is missing from the list above.
type MissingName = Exclude<keyof SidebarServerApi, (typeof sidebarServerFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;
