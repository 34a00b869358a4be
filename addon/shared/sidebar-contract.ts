import type {
  BudgetLevel as ContractBudgetLevel,
  Complexity as ContractComplexity,
  ProviderId,
  OutputFormat as ContractOutputFormat,
} from '../../contracts/common';
import type { TagConfiguration as ContractTagConfiguration } from '../../contracts/templates';

/** Data exchanged between the sidebar page and the add-on server functions (plain data only). */

export interface TagLocation {
  /**
   * Human-readable: "Body, paragraph 3", "Header", "Body, table 1, row 2, cell 1", "Footnote 1"; in a document
   * with several tabs, prefixed with the tab's title ("Appendix › Body, paragraph 3").
   */
  where: string;
  /** The title of the tab it is in. */
  tab?: string;
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
  /** The title of the tab it is in. */
  tab?: string;
}

export interface DocumentScanSummary {
  aiTags: DocumentTagSummary[];
  fields: DocumentTagSummary[];
  problems: TagProblem[];
}

export type OutputFormat = ContractOutputFormat;

/** How demanding a tag is: picks the organisation's default model and the output token ceiling for it. */
export type Complexity = ContractComplexity;
/** The page needs the list at run time, and contracts/ reach it as types only; checked against the contract's type. */
export const complexities = ['simple', 'medium', 'rare'] as const satisfies readonly Complexity[];
const _everyComplexityListed: Exclude<Complexity, (typeof complexities)[number]> extends never ? true : never = true;

/**
 * One AI tag's configuration (SPEC.md section 4) as the backend stores it and the sidebar edits it: absent
 * provider and model mean the organisation's default, absent complexity means medium, and a tag's fallback
 * text is written instead of the error marker when generation fails for a reason that does not stop the fill.
 */
export type TagConfiguration = ContractTagConfiguration;

export interface ModelChoice {
  provider: ProviderId;
  model: string;
  displayName: string;
  complexity?: string;
}

/** One of the organisation's connections, as a template author chooses it per tag: no key, no address. */
export interface ConnectionChoice {
  id: string;
  provider: string;
  name: string;
}

/** The organisation's limits on max output tokens, as every member may read them (`GET /v1/models`). */
export interface OutputTokenPolicy {
  /** The most output tokens a tag gets without a justification, per complexity and output format. */
  ceilings: Record<Complexity, Record<OutputFormat, number>>;
  /** The reasons a tag may give to go above its ceiling. */
  justifications: string[];
  /** The model ("provider:model") a tag without its own model uses, per complexity; absent when none is set up. */
  defaultModels: Partial<Record<Complexity, string>>;
}

export type BudgetLevel = ContractBudgetLevel;

export interface SessionView {
  email: string;
  role: 'owner' | 'admin' | 'member';
  budgetLevel: BudgetLevel;
  /** Set when the level is alert, critical or exhausted: what the user should know. */
  budgetMessage?: string;
  providerConfigured: boolean;
  /** "openai:gpt-4o-mini" style, when a provider is configured. */
  defaultModel?: string;
  /** What to configure, when nothing can be generated yet. */
  setupHint?: string;
}

export interface TemplateView {
  /** 0: never saved. A save names this as its base version. */
  version: number;
  tags: Record<string, TagConfiguration>;
  /** How long the cache may answer a tag that sets no lifetime of its own, in seconds; absent: the organisation's. */
  cacheTtlSeconds?: number;
  /** This document is a copy whose configuration comes from the template with this id. */
  inheritedFrom?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export type BackendState = { reachable: true; session: SessionView } | { reachable: false; error: string };

export interface SidebarState {
  documentId: string;
  documentName: string;
  scan: DocumentScanSummary;
  backend: BackendState;
  /** Version 0 and no tags when the backend is unreachable. */
  template: TemplateView;
  /** The models the organisation allows; empty when the backend is unreachable. */
  models: ModelChoice[];
  /** The organisation's connections (ids and names); empty when the backend is unreachable. */
  connections: ConnectionChoice[];
  /** Absent when the backend is unreachable. */
  tokenPolicy?: OutputTokenPolicy;
  /** Remembered per user and document. */
  fieldValues: Record<string, string>;
  /** Edits this user made but did not save, kept from an earlier session on this document. */
  drafts: Record<string, TagConfiguration>;
}

export interface SaveTemplateInput {
  baseVersion: number;
  tags: Record<string, TagConfiguration>;
  /** The template's default cache lifetime; absent: the organisation's. */
  cacheTtlSeconds?: number;
}

export type SaveTemplateOutcome =
  | { status: 'saved'; template: TemplateView }
  /** Someone saved in between: `template` is their version; nothing of ours was saved. */
  | { status: 'conflict'; message: string; template: TemplateView }
  | { status: 'invalid'; message: string };

export interface FillProblem {
  /** The tag concerned; absent or "*" for the whole fill. */
  tag?: string;
  code: string;
  message: string;
}

export type FillMode = 'preview' | 'write' | 'copy';

export interface FillRequestInput {
  /** Chosen by the sidebar so it can poll progress while the fill runs. */
  fillId: string;
  /** The AI tags to generate (every tag of the document for "Fill all"). */
  tags: string[];
  fieldValues: Record<string, string>;
  /** Edited configurations not saved yet; the saved configuration applies to every other tag. */
  configurations: Record<string, TagConfiguration>;
  /** Skip cached answers (regenerate). */
  regenerate?: boolean;
  /** The fill whose tags this one regenerates. */
  regenerateOf?: string;
  /** A fill that stopped (the server restarted, or a key or budget stopped it): tags it generated are kept. */
  resumeOf?: string;
  /** preview: generate only; write: generate and write into this document; copy: into a new copy of it. */
  mode: FillMode;
  /** Name of the copy for mode "copy"; defaults to "<document name> (filled)". */
  copyName?: string;
}

export type TagStatus = 'generated' | 'fallback' | 'failed' | 'skipped';

export interface TagOutcome {
  tag: string;
  status: TagStatus;
  /** What is (or would be) written: the generated text, the fallback text or the error marker. */
  text: string;
  outputFormat: OutputFormat;
  /** What went wrong and what to do, for fallback and failed tags. */
  message?: string;
  /** Shown next to the tag in the result and the preview (a text cut off at the output limit, for one). */
  warnings?: string[];
  model?: string;
  cached?: boolean;
  /** Every provider was down: the text is the prompt's last good answer, this many seconds old. */
  lastGoodAnswer?: { ageSeconds: number };
  durationMs?: number;
}

export interface CopyReference {
  id: string;
  name: string;
  url: string;
}

export type FillOutcome =
  /** Nothing was called and nothing written: every problem at once. */
  | { status: 'not-ready'; problems: FillProblem[] }
  /** A problem stopped the fill (invalid key, quota, budget): nothing was written. */
  | { status: 'aborted'; fillId: string; code: string; message: string; tags: TagOutcome[] }
  /** Preview: generated, nothing written yet. */
  | { status: 'generated'; fillId: string; tags: TagOutcome[]; durationMs: number }
  | { status: 'written'; fillId: string; tags: TagOutcome[]; durationMs: number; fieldsReplaced: number; copy?: CopyReference };

export interface WriteInput {
  fillId: string;
  /** Per AI tag, the text to write (from a preview) and how to render it. */
  results: Record<string, { text: string; outputFormat: OutputFormat }>;
  fieldValues: Record<string, string>;
  target: 'document' | 'copy';
  copyName?: string;
}

export type WriteOutcome =
  | { status: 'written'; aiTagOccurrences: number; fieldsReplaced: number; copy?: CopyReference }
  /** The document changed so that the placeholders are gone: nothing was written. */
  | { status: 'not-written'; message: string };

export interface FillProgressView {
  fillId: string;
  status: 'running' | 'finished' | 'unknown';
  total: number;
  finished: number;
  tags: Record<string, TagStatus | 'pending'>;
}

/** 👍 or 👎 on one generated tag of a fill, with an optional reason (SPEC.md: feedback). */
/** Refine a result: one tag's text rewritten with an instruction ("Shorter", "More formal", free text). */
export interface RefineInput {
  fillId: string;
  tag: string;
  /** The version shown, which the instruction changes. */
  previousText: string;
  instruction: string;
  fieldValues: Record<string, string>;
  /** The tag's unsaved configuration, as the fill used it; absent: the saved one. */
  configuration?: TagConfiguration;
}

export type RefineOutcome =
  | { status: 'refined'; text: string; outputFormat: OutputFormat; model: string; warnings: string[] }
  /** Said plainly, for the sidebar to show under the tag; the shown version stays. */
  | { status: 'not-refined'; message: string };

export type FeedbackRating = 'up' | 'down';

export interface FeedbackInput {
  fillId: string;
  tag: string;
  rating: FeedbackRating;
  /** Why, in the person's words; blank means none. */
  comment?: string;
}

export type FeedbackOutcome =
  | { status: 'recorded'; rating: FeedbackRating; comment?: string }
  /** Said plainly, for the sidebar to show next to the buttons. */
  | { status: 'not-recorded'; message: string };
