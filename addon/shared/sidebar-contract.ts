/** Data exchanged between the sidebar page and the add-on server functions (plain data only). */

export interface TagLocation {
  /** Human-readable: "Body, paragraph 3", "Header", "Body, table 1, row 2, cell 1", "Footnote 1". */
  where: string;
}

export interface DocumentTagSummary {
  name: string;
  count: number;
  locations: TagLocation[];
}

export interface TagProblem {
  /** The offending text as written, e.g. `<<ai:two words>>`. */
  text: string;
  message: string;
  where: string;
}

export interface DocumentScanSummary {
  aiTags: DocumentTagSummary[];
  fields: DocumentTagSummary[];
  problems: TagProblem[];
}

export interface BackendStatus {
  reachable: boolean;
  email?: string;
  providerConfigured: boolean;
  defaultModel?: string;
  /** What to configure, when nothing can be generated yet. */
  setupHint?: string;
  error?: string;
}

export interface SidebarState {
  documentName: string;
  scan: DocumentScanSummary;
  backend: BackendStatus;
  /** Saved per document: prompt per AI tag. */
  prompts: Record<string, string>;
  /** Saved per user and document. */
  fieldValues: Record<string, string>;
}

export interface FillInput {
  prompts: Record<string, string>;
  fieldValues: Record<string, string>;
}

export interface TagOutcome {
  tag: string;
  status: 'generated' | 'fallback' | 'failed' | 'skipped';
  message?: string;
  model?: string;
}

export type FillOutcome =
  | { status: 'completed'; tags: TagOutcome[]; fieldsReplaced: number; durationMs: number }
  /** Nothing was written: `message` says what to do. */
  | { status: 'not-ready'; problems: string[] }
  | { status: 'aborted'; message: string; tags: TagOutcome[] };
