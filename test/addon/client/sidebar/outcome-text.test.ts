import { abortAdvice, describeOutcome, describeWrite } from '../../../../addon/client/sidebar/outcome-text';

describe('what the result area says', () => {
  it('lists every problem of a fill that is not ready', () => {
    const view = describeOutcome({
      status: 'not-ready',
      problems: [
        { tag: 'intro', code: 'missing_field', message: 'client_name has no value' },
        { code: 'budget', message: 'The budget is exhausted' },
        { tag: '*', code: 'x', message: 'Whole fill' },
      ],
    });
    expect(view.kind).toBe('error');
    expect(view.lines.map((line) => line.text)).toEqual(['intro: client_name has no value', 'The budget is exhausted', 'Whole fill']);
  });

  it('lists why each tag failed when no tag produced text, without speaking of markers that were not written', () => {
    const view = describeOutcome({
      status: 'aborted',
      fillId: 'f',
      code: 'content_filtered',
      message: 'No AI tag could be generated, so the document was left as it was (fields included). The provider filtered the answer.',
      tags: [{ tag: 'intro', status: 'failed', text: '', outputFormat: 'plain', message: 'The provider filtered the answer.' }],
    });
    expect(view).toEqual({
      kind: 'error',
      headline:
        'Nothing was written to the document. No AI tag could be generated, so the document was left as it was (fields included). The provider filtered the answer.',
      lines: [{ text: 'intro: failed — The provider filtered the answer.', kind: 'failed' }],
    });
  });

  it('says nothing was written when a fill is aborted, with what to do', () => {
    const view = describeOutcome({
      status: 'aborted',
      fillId: 'f',
      code: 'authentication',
      message: 'The provider rejected the key.',
      tags: [],
    });
    expect(view).toEqual({
      kind: 'error',
      headline: 'Nothing was written to the document. The provider rejected the key.',
      lines: [{ text: 'Ask an admin to check the AI provider connection (the key may be invalid or revoked).' }],
    });
    expect(abortAdvice('budget_exhausted')).toMatch(/budget/);
    expect(abortAdvice('quota_exhausted')).toMatch(/quota/);
    expect(abortAdvice('something')).toBeUndefined();
    expect(
      describeOutcome({
        status: 'aborted',
        fillId: 'f',
        code: 'interrupted',
        message: 'The server restarted while this fill ran, so nothing was written. Fill again to finish it.',
        tags: [],
      }).lines,
    ).toEqual([{ text: 'Fill again: the tags already generated are kept, not generated or paid for again.' }]);
  });

  it('summarises a written fill with counts, time and per-tag status; fallback and failure are warnings', () => {
    const ok = describeOutcome({
      status: 'written',
      fillId: 'f',
      durationMs: 2345,
      fieldsReplaced: 5,
      tags: [{ tag: 'intro', status: 'generated', text: 'x', outputFormat: 'plain', model: 'gpt-6-luna', durationMs: 800, cached: true }],
    });
    expect(ok.kind).toBe('success');
    expect(ok.headline).toBe('Filled 1 AI tag and 5 fields in the document in 2.3 s.');
    // A generated tag's line carries the 👍/👎 controls for that tag of that fill.
    expect(ok.lines).toEqual([
      { text: 'intro: generated (gpt-6-luna, 0.8 s, cached)', kind: 'generated', feedback: { fillId: 'f', tag: 'intro' } },
    ]);

    const troubled = describeOutcome({
      status: 'written',
      fillId: 'f',
      durationMs: 1000,
      fieldsReplaced: 1,
      copy: { id: 'c', name: 'Proposal (filled)', url: 'https://docs.example/c' },
      tags: [
        { tag: 'a', status: 'fallback', text: 'TBD', outputFormat: 'plain', message: 'The provider failed' },
        { tag: 'b', status: 'failed', text: '[AI: could not generate b — x]', outputFormat: 'plain', message: 'Timed out' },
      ],
    });
    expect(troubled.kind).toBe('warning');
    expect(troubled.headline).toBe('Filled 2 AI tags and 1 field in the copy in 1.0 s. 1 tag used the fallback text, 1 tag failed.');
    expect(troubled.lines[0]?.advice).toMatch(/fallback text was written/);
    expect(troubled.lines[1]?.text).toBe('b: failed — Timed out');
    // Nothing generated, nothing to rate.
    expect(troubled.lines.map((line) => line.feedback)).toEqual([undefined, undefined]);
    expect(troubled.copy).toEqual({ name: 'Proposal (filled)', url: 'https://docs.example/c' });
  });

  it('describes a preview and an accepted preview', () => {
    expect(
      describeOutcome({
        status: 'generated',
        fillId: 'f',
        durationMs: 500,
        tags: [{ tag: 'a', status: 'generated', text: 'x', outputFormat: 'plain' }],
      }).headline,
    ).toMatch(/^Preview ready: 1 tag in 0.5 s\./);
    expect(describeWrite({ status: 'written', aiTagOccurrences: 3, fieldsReplaced: 2 })).toEqual({
      kind: 'success',
      headline: 'Wrote the preview into the document: 3 AI tag places and 2 fields.',
      lines: [],
    });
    expect(describeWrite({ status: 'not-written', message: 'The tags are gone.' }).kind).toBe('error');
  });
});
