import type { SidebarState, TagConfiguration, TemplateView } from '../../../../addon/shared/sidebar-contract';
import {
  applyOutcome,
  applyProgress,
  applySavedTemplate,
  applyScan,
  buildFillRequest,
  buildSaveInput,
  chipFor,
  createPageState,
  draftsOf,
  fieldNamesToShow,
  fieldSuggestions,
  missingFields,
  progressText,
  resolveConflict,
  startRun,
  unsavedTags,
  updateConfiguration,
} from '../../../../addon/client/sidebar/state';

const introSaved: TagConfiguration = {
  prompt: 'Introduce {{client_name}}.',
  fields: ['client_name'],
  outputFormat: 'plain',
  useDocumentText: false,
};

function sidebarState(overrides: Partial<SidebarState> = {}): SidebarState {
  return {
    documentId: 'doc-1',
    documentName: 'Proposal',
    scan: {
      aiTags: [
        { name: 'intro', count: 2, locations: [{ where: 'Body, paragraph 3' }, { where: 'Header' }] },
        { name: 'next_steps', count: 1, locations: [{ where: 'Body, paragraph 9' }] },
      ],
      fields: [
        { name: 'client_name', count: 3, locations: [] },
        { name: 'start_date', count: 1, locations: [] },
      ],
      problems: [],
    },
    backend: { reachable: true, session: { email: 'a@example.com', role: 'member', budgetLevel: 'normal', providerConfigured: true } },
    template: {
      version: 3,
      tags: { intro: introSaved, old_tag: { ...introSaved, prompt: 'Old' } },
      updatedAt: '2024-05-01T10:00:00Z',
      updatedBy: 'bob@example.com',
    },
    models: [],
    connections: [],
    fieldValues: { client_name: 'Acme' },
    drafts: {},
    ...overrides,
  };
}

describe('the sidebar page state', () => {
  it('starts from the saved template; unconfigured tags are empty and not unsaved', () => {
    const { state, restored } = createPageState(sidebarState());
    expect(restored).toEqual([]);
    expect(unsavedTags(state)).toEqual([]);
    expect(chipFor(state, 'intro')).toEqual({ kind: 'configured', text: 'Configured' });
    expect(chipFor(state, 'next_steps')).toEqual({ kind: 'not-configured', text: 'Not configured' });
  });

  it('restores drafts as unsaved edits, ignoring drafts equal to the saved configuration', () => {
    const { state, restored } = createPageState(
      sidebarState({
        drafts: {
          intro: { ...introSaved, fields: [] },
          next_steps: { prompt: 'Next for {{project}}', fields: [], outputFormat: 'markdown', useDocumentText: false },
        },
      }),
    );
    expect(restored).toEqual(['next_steps']);
    expect(unsavedTags(state)).toEqual(['next_steps']);
    expect(chipFor(state, 'next_steps').kind).toBe('unsaved');
    expect(draftsOf(state)).toEqual({
      next_steps: { prompt: 'Next for {{project}}', fields: ['project'], outputFormat: 'markdown', useDocumentText: false },
    });
  });

  it('marks an edited tag unsaved and back when the edit is undone', () => {
    const { state } = createPageState(sidebarState());
    updateConfiguration(state, 'intro', { temperature: 0.3 });
    expect(chipFor(state, 'intro').kind).toBe('unsaved');
    updateConfiguration(state, 'intro', { temperature: undefined });
    expect(chipFor(state, 'intro').kind).toBe('configured');
  });

  it('shows document fields then fields the prompts reference, and flags referenced empty ones', () => {
    const { state } = createPageState(sidebarState());
    updateConfiguration(state, 'next_steps', { prompt: 'Steps for {{project_name}} and {{client_name}} by {{start_date}}' });
    expect(fieldNamesToShow(state)).toEqual(['client_name', 'start_date', 'project_name']);
    expect(missingFields(state)).toEqual(['project_name', 'start_date']);
    expect(missingFields(state, ['intro'])).toEqual([]);
    state.fieldValues.project_name = 'Data';
    state.fieldValues.start_date = '  ';
    expect(missingFields(state)).toEqual(['start_date']);
    expect(fieldSuggestions(state)).toEqual(['client_name', 'start_date', 'project_name']);
  });

  it('builds a fill request with the unsaved configurations of the requested tags only', () => {
    const { state } = createPageState(sidebarState());
    updateConfiguration(state, 'next_steps', { prompt: 'Steps for {{project_name}}', fallbackText: 'TBD' });
    const all = buildFillRequest(state, { fillId: 'f1', mode: 'write' });
    expect(all).toEqual({
      fillId: 'f1',
      mode: 'write',
      tags: ['intro', 'next_steps'],
      fieldValues: { client_name: 'Acme', start_date: '', project_name: '' },
      configurations: {
        next_steps: {
          prompt: 'Steps for {{project_name}}',
          fields: ['project_name'],
          outputFormat: 'plain',
          useDocumentText: false,
          fallbackText: 'TBD',
        },
      },
    });
    const one = buildFillRequest(state, { fillId: 'f2', mode: 'preview', tags: ['intro'], regenerate: true, regenerateOf: 'f1' });
    expect(one).toMatchObject({ tags: ['intro'], configurations: {}, regenerate: true, regenerateOf: 'f1', mode: 'preview' });
  });

  it('saves every configured tag, keeps saved tags the document no longer has, and drops emptied prompts', () => {
    const { state } = createPageState(sidebarState());
    updateConfiguration(state, 'next_steps', { prompt: 'Steps' });
    expect(Object.keys(buildSaveInput(state).tags).sort()).toEqual(['intro', 'next_steps', 'old_tag']);
    expect(buildSaveInput(state).baseVersion).toBe(3);
    updateConfiguration(state, 'intro', { prompt: '' });
    expect(Object.keys(buildSaveInput(state).tags).sort()).toEqual(['next_steps', 'old_tag']);
  });

  it('after a save the tags are configured again, unless edited while saving', () => {
    const { state } = createPageState(sidebarState());
    updateConfiguration(state, 'next_steps', { prompt: 'Steps' });
    const input = buildSaveInput(state);
    updateConfiguration(state, 'intro', { prompt: 'Changed while saving' });
    applySavedTemplate(state, { version: 4, tags: input.tags });
    expect(chipFor(state, 'next_steps').kind).toBe('configured');
    expect(chipFor(state, 'intro').kind).toBe('unsaved');
  });

  describe('a save conflict', () => {
    const theirs: TemplateView = {
      version: 5,
      tags: { intro: { ...introSaved, prompt: 'Their intro' }, next_steps: { ...introSaved, prompt: 'Their steps' } },
      updatedBy: 'carol@example.com',
      updatedAt: '2024-05-02T09:00:00Z',
    };

    it('"Keep mine" saves our edited tags on their version and keeps their other changes', () => {
      const { state } = createPageState(sidebarState());
      updateConfiguration(state, 'next_steps', { prompt: 'My steps' });
      const input = resolveConflict(state, theirs, 'keep-mine');
      expect(input?.baseVersion).toBe(5);
      expect(input?.tags.next_steps?.prompt).toBe('My steps');
      expect(input?.tags.intro?.prompt).toBe('Their intro');
      expect(chipFor(state, 'intro').kind).toBe('configured');
      expect(chipFor(state, 'next_steps').kind).toBe('unsaved');
    });

    it('"Load theirs" replaces the editors with their version and sends nothing', () => {
      const { state } = createPageState(sidebarState());
      updateConfiguration(state, 'next_steps', { prompt: 'My steps' });
      expect(resolveConflict(state, theirs, 'load-theirs')).toBeUndefined();
      expect(state.template.version).toBe(5);
      expect(state.working.next_steps?.prompt).toBe('Their steps');
      expect(unsavedTags(state)).toEqual([]);
    });
  });

  it('follows a fill: pending chips, progress answers, then the outcome with messages', () => {
    const { state } = createPageState(sidebarState());
    startRun(state, ['intro', 'next_steps']);
    expect(chipFor(state, 'intro')).toEqual({ kind: 'generating', text: 'Generating…' });
    applyProgress(state, { fillId: 'f', status: 'running', total: 2, finished: 1, tags: { intro: 'generated', next_steps: 'pending' } });
    expect(chipFor(state, 'intro').kind).toBe('generated');
    expect(chipFor(state, 'next_steps').kind).toBe('generating');
    applyOutcome(state, {
      status: 'written',
      fillId: 'f',
      durationMs: 1200,
      fieldsReplaced: 3,
      tags: [
        { tag: 'intro', status: 'generated', text: 'x', outputFormat: 'plain' },
        { tag: 'next_steps', status: 'fallback', text: 'TBD', outputFormat: 'plain', message: 'The provider failed.' },
      ],
    });
    // A late poll answer never turns a finished tag back to pending.
    applyProgress(state, { fillId: 'f', status: 'running', total: 2, finished: 1, tags: { intro: 'generated', next_steps: 'pending' } });
    expect(chipFor(state, 'next_steps')).toEqual({ kind: 'fallback', text: 'Fallback used', message: 'The provider failed.' });
    // Editing the tag clears its run status.
    updateConfiguration(state, 'next_steps', { prompt: 'new' });
    expect(chipFor(state, 'next_steps').kind).toBe('unsaved');
  });

  it('after a fill that stopped with tags generated, the next fill resumes it; a regenerate or a finished fill ends that', () => {
    const { state } = createPageState(sidebarState());
    startRun(state, ['intro', 'next_steps']);
    applyOutcome(state, {
      status: 'aborted',
      fillId: 'stopped-fill',
      code: 'interrupted',
      message: 'The server restarted while this fill ran, so nothing was written. Fill again to finish it.',
      tags: [
        { tag: 'intro', status: 'generated', text: 'x', outputFormat: 'plain' },
        { tag: 'next_steps', status: 'skipped', text: '', outputFormat: 'plain' },
      ],
    });
    expect(buildFillRequest(state, { fillId: 'again', mode: 'write' }).resumeOf).toBe('stopped-fill');
    expect(buildFillRequest(state, { fillId: 'fresh', mode: 'preview', tags: ['intro'], regenerate: true })).not.toHaveProperty('resumeOf');
    applyOutcome(state, {
      status: 'written',
      fillId: 'again',
      durationMs: 10,
      fieldsReplaced: 0,
      tags: [{ tag: 'intro', status: 'generated', text: 'x', outputFormat: 'plain' }],
    });
    expect(buildFillRequest(state, { fillId: 'next', mode: 'write' })).not.toHaveProperty('resumeOf');
    // A fill stopped before anything was generated has nothing to keep.
    applyOutcome(state, { status: 'aborted', fillId: 'nothing-kept', code: 'authentication', message: 'x', tags: [] });
    expect(buildFillRequest(state, { fillId: 'later', mode: 'write' })).not.toHaveProperty('resumeOf');
  });

  it('a not-ready fill puts the chips back', () => {
    const { state } = createPageState(sidebarState());
    startRun(state, ['intro']);
    applyOutcome(state, { status: 'not-ready', problems: [{ code: 'missing_field', message: 'x' }] });
    expect(chipFor(state, 'intro').kind).toBe('configured');
  });

  it('a rescan adds editors for new tags and keeps edits', () => {
    const { state } = createPageState(sidebarState());
    updateConfiguration(state, 'intro', { prompt: 'Edited' });
    applyScan(state, {
      aiTags: [
        { name: 'intro', count: 1, locations: [] },
        { name: 'old_tag', count: 1, locations: [] },
        { name: 'new_tag', count: 1, locations: [] },
      ],
      fields: [],
      problems: [],
    });
    expect(state.working.intro?.prompt).toBe('Edited');
    expect(state.working.old_tag?.prompt).toBe('Old');
    expect(chipFor(state, 'new_tag').kind).toBe('not-configured');
  });

  it('says progress in words', () => {
    expect(progressText(7, 20)).toBe('7 of 20 tags');
    expect(progressText(0, 1)).toBe('0 of 1 tag');
  });
});
