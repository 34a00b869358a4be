import { fieldsReferencedBy } from '../../shared/tag-names';
import type {
  DocumentScanSummary,
  FillMode,
  FillOutcome,
  FillProgressView,
  FillRequestInput,
  SaveTemplateInput,
  SidebarState,
  TagConfiguration,
  TagOutcome,
  TagStatus,
  TemplateView,
} from '../../shared/sidebar-contract';
import { emptyConfiguration, isConfigured, normalizeConfiguration, sameConfiguration } from './tag-config';

/** What the page knows, free of the DOM so the decisions can be tested in node. */

export interface RunStatus {
  status: TagStatus | 'pending';
  message?: string;
}

export interface PageState {
  documentName: string;
  scan: DocumentScanSummary;
  template: TemplateView;
  /** The editor's configuration per tag (documents' tags, and any draft or saved tag). */
  working: Record<string, TagConfiguration>;
  /** The template's default cache lifetime as edited; absent: the organisation's. Kept apart from the tags: it is not a tag. */
  workingTemplate: { cacheTtlSeconds?: number };
  fieldValues: Record<string, string>;
  /** The last run's status per tag; cleared for a tag when it is edited. */
  runs: Record<string, RunStatus>;
  /**
   * The last fill when it stopped with tags already generated (a server restart, a key or budget problem):
   * the next fill resumes it, so those tags are kept instead of paid for again.
   */
  stoppedFillId?: string;
}

export function createPageState(sidebar: SidebarState): { state: PageState; restored: string[] } {
  const working: Record<string, TagConfiguration> = {};
  const restored: string[] = [];
  for (const [name, config] of Object.entries(sidebar.template.tags)) working[name] = { ...config };
  for (const tag of sidebar.scan.aiTags) if (!working[tag.name]) working[tag.name] = emptyConfiguration();
  for (const [name, draft] of Object.entries(sidebar.drafts ?? {})) {
    const saved = sidebar.template.tags[name] ?? emptyConfiguration();
    if (sameConfiguration(draft, saved)) continue;
    working[name] = { ...draft };
    restored.push(name);
  }
  return {
    state: {
      documentName: sidebar.documentName,
      scan: sidebar.scan,
      template: sidebar.template,
      working,
      workingTemplate: templateSettingsOf(sidebar.template),
      fieldValues: { ...sidebar.fieldValues },
      runs: {},
    },
    restored,
  };
}

function templateSettingsOf(template: TemplateView): PageState['workingTemplate'] {
  return template.cacheTtlSeconds === undefined ? {} : { cacheTtlSeconds: template.cacheTtlSeconds };
}

export function workingTemplateCacheTtl(state: PageState): number | undefined {
  return state.workingTemplate.cacheTtlSeconds;
}

export function updateTemplateCacheTtl(state: PageState, cacheTtlSeconds: number | undefined): void {
  state.workingTemplate = cacheTtlSeconds === undefined ? {} : { cacheTtlSeconds };
}

/** The template's own settings (its default cache lifetime) differ from the saved ones. */
export function isTemplateSettingsUnsaved(state: PageState): boolean {
  return state.workingTemplate.cacheTtlSeconds !== state.template.cacheTtlSeconds;
}

/** What Save would send: each unsaved tag, and the template's own settings when they changed. */
export function unsavedCount(state: PageState): number {
  return unsavedTags(state).length + (isTemplateSettingsUnsaved(state) ? 1 : 0);
}

export function documentTagNames(state: PageState): string[] {
  return state.scan.aiTags.map((tag) => tag.name);
}

export function savedConfiguration(state: PageState, tag: string): TagConfiguration | undefined {
  return state.template.tags[tag];
}

export function workingConfiguration(state: PageState, tag: string): TagConfiguration {
  return state.working[tag] ?? state.template.tags[tag] ?? emptyConfiguration();
}

export function isUnsaved(state: PageState, tag: string): boolean {
  return !sameConfiguration(workingConfiguration(state, tag), savedConfiguration(state, tag) ?? emptyConfiguration());
}

/** Tags with edits not saved yet (any tag the page knows, in the document or not). */
export function unsavedTags(state: PageState): string[] {
  return Object.keys(state.working).filter((tag) => isUnsaved(state, tag));
}

/** What `saveDrafts` keeps: the unsaved configurations. */
export function draftsOf(state: PageState): Record<string, TagConfiguration> {
  const drafts: Record<string, TagConfiguration> = {};
  for (const tag of unsavedTags(state)) drafts[tag] = normalizeConfiguration(workingConfiguration(state, tag));
  return drafts;
}

export function updateConfiguration(state: PageState, tag: string, change: Partial<TagConfiguration>): void {
  state.working[tag] = { ...workingConfiguration(state, tag), ...change };
  delete state.runs[tag];
}

export type ChipKind = 'not-configured' | 'configured' | 'unsaved' | 'generating' | 'generated' | 'fallback' | 'failed' | 'skipped';

export interface Chip {
  kind: ChipKind;
  text: string;
  /** What went wrong, for fallback and failed; the warnings of a generated text. */
  message?: string;
}

/** The status chip of a tag: a run's status first, then whether its configuration is saved. */
export function chipFor(state: PageState, tag: string): Chip {
  const run = state.runs[tag];
  if (run) {
    switch (run.status) {
      case 'pending':
        return { kind: 'generating', text: 'Generating…' };
      case 'generated':
        // A text cut off at the output limit is still written: the chip says so next to the tag.
        return run.message ? { kind: 'generated', text: 'Generated', message: run.message } : { kind: 'generated', text: 'Generated' };
      case 'fallback':
        return { kind: 'fallback', text: 'Fallback used', message: run.message };
      case 'failed':
        return { kind: 'failed', text: 'Failed', message: run.message };
      case 'skipped':
        return { kind: 'skipped', text: 'Not generated', message: run.message };
    }
  }
  if (isUnsaved(state, tag)) return { kind: 'unsaved', text: 'Unsaved' };
  if (isConfigured(savedConfiguration(state, tag))) return { kind: 'configured', text: 'Configured' };
  return { kind: 'not-configured', text: 'Not configured' };
}

/** Fields of the document first, then every other field a prompt of the document references. */
export function fieldNamesToShow(state: PageState): string[] {
  const names = state.scan.fields.map((field) => field.name);
  for (const tag of documentTagNames(state)) {
    for (const name of fieldsReferencedBy(workingConfiguration(state, tag).prompt)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Fields some prompt of the document uses, with the tags using them. */
export function referencedFields(state: PageState, tags = documentTagNames(state)): Map<string, string[]> {
  const referenced = new Map<string, string[]>();
  for (const tag of tags) {
    for (const name of fieldsReferencedBy(workingConfiguration(state, tag).prompt))
      referenced.set(name, [...(referenced.get(name) ?? []), tag]);
  }
  return referenced;
}

/** Fields referenced by a prompt (of `tags`) whose value is empty. */
export function missingFields(state: PageState, tags = documentTagNames(state)): string[] {
  return [...referencedFields(state, tags).keys()].filter((name) => (state.fieldValues[name] ?? '').trim() === '');
}

/** Field suggestions for a prompt: the document's fields and fields already used in any prompt. */
export function fieldSuggestions(state: PageState): string[] {
  const names = state.scan.fields.map((field) => field.name);
  for (const config of Object.values(state.working))
    for (const name of fieldsReferencedBy(config.prompt)) if (!names.includes(name)) names.push(name);
  return names;
}

export function fillFieldValues(state: PageState): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of fieldNamesToShow(state)) values[name] = state.fieldValues[name] ?? '';
  return values;
}

export function buildFillRequest(
  state: PageState,
  options: { fillId: string; mode: FillMode; tags?: string[]; regenerate?: boolean; regenerateOf?: string },
): FillRequestInput {
  const tags = options.tags ?? documentTagNames(state);
  const configurations: Record<string, TagConfiguration> = {};
  for (const tag of tags) if (isUnsaved(state, tag)) configurations[tag] = normalizeConfiguration(workingConfiguration(state, tag));
  const request: FillRequestInput = {
    fillId: options.fillId,
    tags,
    fieldValues: fillFieldValues(state),
    configurations,
    mode: options.mode,
  };
  if (options.regenerate) request.regenerate = true;
  if (options.regenerateOf) request.regenerateOf = options.regenerateOf;
  // Regenerating asks for new texts: nothing is kept then.
  else if (state.stoppedFillId && !options.regenerate) request.resumeOf = state.stoppedFillId;
  return request;
}

/**
 * Save sends every configured tag: the saved tags the document no longer shows stay as they are, tags whose
 * prompt is empty are left out (the backend needs a prompt).
 */
export function buildSaveInput(state: PageState, baseVersion = state.template.version): SaveTemplateInput {
  const tags: Record<string, TagConfiguration> = {};
  for (const [name, config] of Object.entries(state.template.tags)) tags[name] = config;
  for (const name of Object.keys(state.working)) {
    const config = normalizeConfiguration(workingConfiguration(state, name));
    if (isConfigured(config)) tags[name] = config;
    else delete tags[name];
  }
  const input: SaveTemplateInput = { baseVersion, tags };
  if (state.workingTemplate.cacheTtlSeconds !== undefined) input.cacheTtlSeconds = state.workingTemplate.cacheTtlSeconds;
  return input;
}

/** After a save: the saved template is the new base and the editors keep what they show. */
export function applySavedTemplate(state: PageState, template: TemplateView): void {
  state.template = template;
  state.workingTemplate = templateSettingsOf(template);
  for (const [name, config] of Object.entries(template.tags))
    if (!state.working[name] || sameConfiguration(state.working[name] as TagConfiguration, config)) state.working[name] = { ...config };
}

export type ConflictChoice = 'keep-mine' | 'load-theirs';

/**
 * Someone saved in between. "Keep mine": our edited tags are saved on top of their version (their changes to
 * tags we did not touch stay); returns the input to send. "Load theirs": the editors show their version and
 * nothing is sent. Either way their version becomes the base.
 */
export function resolveConflict(state: PageState, theirs: TemplateView, choice: ConflictChoice): SaveTemplateInput | undefined {
  const edited = new Set(choice === 'keep-mine' ? unsavedTags(state) : []);
  // Our template default is kept only when we changed it; otherwise theirs shows.
  const keepTemplateSettings = choice === 'keep-mine' && isTemplateSettingsUnsaved(state);
  state.workingTemplate = keepTemplateSettings ? state.workingTemplate : templateSettingsOf(theirs);
  const working: Record<string, TagConfiguration> = {};
  for (const [name, config] of Object.entries(theirs.tags)) working[name] = { ...config };
  for (const name of edited) working[name] = workingConfiguration(state, name);
  for (const tag of documentTagNames(state)) if (!working[tag]) working[tag] = emptyConfiguration();
  state.template = theirs;
  state.working = working;
  return choice === 'keep-mine' ? buildSaveInput(state, theirs.version) : undefined;
}

export function describeVersion(template: TemplateView): string {
  const parts = [`version ${template.version}`];
  if (template.updatedBy) parts.push(`by ${template.updatedBy}`);
  if (template.updatedAt) parts.push(`at ${formatTime(template.updatedAt)}`);
  return parts.join(' ');
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** After a rescan: new tags get an editor, edits are kept. */
export function applyScan(state: PageState, scan: DocumentScanSummary): void {
  state.scan = scan;
  for (const tag of scan.aiTags)
    if (!state.working[tag.name])
      state.working[tag.name] = state.template.tags[tag.name]
        ? { ...(state.template.tags[tag.name] as TagConfiguration) }
        : emptyConfiguration();
}

export function startRun(state: PageState, tags: string[]): void {
  for (const tag of tags) state.runs[tag] = { status: 'pending' };
}

export function applyProgress(state: PageState, view: FillProgressView): void {
  for (const [tag, status] of Object.entries(view.tags)) {
    const current = state.runs[tag];
    // A finished status from the outcome (with its message) is never replaced by a poll answer that arrived late.
    if (current && current.status !== 'pending' && status === 'pending') continue;
    if (current && current.status === status) continue;
    state.runs[tag] = { status };
  }
}

export function applyTagOutcomes(state: PageState, tags: TagOutcome[]): void {
  for (const outcome of tags) {
    const message = outcome.message ?? (outcome.warnings && outcome.warnings.length > 0 ? `⚠ ${outcome.warnings.join(' ')}` : undefined);
    state.runs[outcome.tag] = message ? { status: outcome.status, message } : { status: outcome.status };
  }
}

/** When a fill ends without tag outcomes (not ready, or the call failed), its pending chips go back. */
export function clearPending(state: PageState): void {
  for (const [tag, run] of Object.entries(state.runs)) if (run.status === 'pending') delete state.runs[tag];
}

export function applyOutcome(state: PageState, outcome: FillOutcome): void {
  if (outcome.status !== 'not-ready') applyTagOutcomes(state, outcome.tags);
  if (outcome.status === 'aborted' && (outcome.code === 'interrupted' || outcome.tags.some((tag) => tag.status === 'generated')))
    state.stoppedFillId = outcome.fillId;
  else if (outcome.status !== 'not-ready') delete state.stoppedFillId;
  clearPending(state);
}

export function progressText(finished: number, total: number): string {
  return `${finished} of ${total} ${total === 1 ? 'tag' : 'tags'}`;
}

export function places(count: number): string {
  return count === 1 ? '1 place' : `${count} places`;
}
