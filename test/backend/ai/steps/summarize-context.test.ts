import type { AskAiRequest } from '../../../../backend/src/ai/ask-ai-types';
import { omissionMarker, shortenText, tokenCount } from '../../../../backend/src/ai/prompt/shorten-text';
import { fitPromptToContext, promptFitter, type ContextLimits } from '../../../../backend/src/ai/steps/summarize-context';

function request(overrides: Partial<AskAiRequest>): AskAiRequest {
  return { organisationId: 'org', userId: 'user', requestId: 'fill:tag', instruction: 'Write a summary.', origin: {}, ...overrides };
}

/** A long text with recognisable opening and closing words and distinct words in between. */
function longText(label: string, words: number): string {
  const middle = Array.from({ length: words }, (_, index) => `${label}word${index}`).join(' ');
  return `${label.toUpperCase()}OPENING the first sentence. ${middle} the last sentence ${label.toUpperCase()}CLOSING.`;
}

const roomy: ContextLimits = { contextTokenBudget: 8000, contextWindow: 128_000, maxOutputTokens: 2048 };

/** The document text inside the prompt's context block. */
function contextBlock(prompt: string): string {
  const match = /The document's current text, for context:\n"""\n([\s\S]*)\n"""$/.exec(prompt);
  if (!match) throw new Error(`no context block in: ${prompt.slice(0, 200)}`);
  return match[1] as string;
}

describe('summarizeContext: fitPromptToContext', () => {
  it('renders the instruction unchanged when everything fits and no context is given', () => {
    const result = fitPromptToContext(
      request({ instruction: 'Introduce {{client}} in {{industry}}.', fields: { client: 'Acme', industry: 'retail' } }),
      roomy,
    );
    expect(result).toEqual({ prompt: 'Introduce Acme in retail.', warnings: [] });
  });

  it('appends the document text as a context block when context is given and fits', () => {
    const result = fitPromptToContext(
      request({ instruction: 'Summarise for {{client}}.', fields: { client: 'Acme' }, context: 'Quarterly report text.' }),
      roomy,
    );
    expect(result.warnings).toEqual([]);
    expect(result.prompt.startsWith('Summarise for Acme.')).toBe(true);
    expect(contextBlock(result.prompt)).toBe('Quarterly report text.');
  });

  it('shortens a too-long context to the budget, keeping its beginning and end, and warns', () => {
    const context = longText('doc', 6000);
    expect(tokenCount(context)).toBeGreaterThan(8000);
    const result = fitPromptToContext(request({ context }), { ...roomy, contextTokenBudget: 1000 });
    const kept = contextBlock(result.prompt);
    expect(tokenCount(kept)).toBeLessThanOrEqual(1000);
    expect(tokenCount(kept)).toBeGreaterThan(500);
    expect(kept.startsWith('DOCOPENING the first sentence.')).toBe(true);
    expect(kept.endsWith('DOCCLOSING.')).toBe(true);
    expect(kept).toContain(omissionMarker);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/document text/);
  });

  it('is deterministic: the same input gives the same prompt and warnings', () => {
    const input = request({
      instruction: 'Brief on {{notes}}.',
      fields: { notes: longText('notes', 3000) },
      context: longText('doc', 4000),
    });
    const limits = { ...roomy, contextTokenBudget: 1500 };
    const first = fitPromptToContext(input, limits);
    const second = fitPromptToContext(input, limits);
    expect(second).toEqual(first);
    expect(first.warnings.length).toBeGreaterThan(0);
  });

  it('shares the budget fairly: a small field stays whole while the huge field and context are shortened', () => {
    const small = 'Acme Corporation, a retailer based in Leeds.';
    const hugeNotes = longText('notes', 5000);
    const context = longText('doc', 5000);
    const budget = 2000;
    const result = fitPromptToContext(
      request({ instruction: 'Write about {{client}} using {{notes}}.', fields: { client: small, notes: hugeNotes }, context }),
      { ...roomy, contextTokenBudget: budget },
    );
    expect(result.prompt).toContain(`Write about ${small} using `);
    const kept = contextBlock(result.prompt);
    const notesStart = result.prompt.indexOf('NOTESOPENING');
    const notesEnd = result.prompt.indexOf('NOTESCLOSING.') + 'NOTESCLOSING.'.length;
    expect(notesStart).toBeGreaterThan(0);
    const keptNotes = result.prompt.slice(notesStart, notesEnd);
    expect(keptNotes).toContain(omissionMarker);
    expect(kept).toContain(omissionMarker);
    // Together they stay within the budget, and neither huge input takes the whole share.
    const total = tokenCount(small) + tokenCount(keptNotes) + tokenCount(kept);
    expect(total).toBeLessThanOrEqual(budget);
    expect(tokenCount(keptNotes)).toBeGreaterThan(budget / 3);
    expect(tokenCount(kept)).toBeGreaterThan(budget / 3);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.join(' ')).toMatch(/field notes/);
    expect(result.warnings.join(' ')).not.toMatch(/field client/);
  });

  it('is also limited by the model context window minus the output tokens it must hold', () => {
    const context = longText('doc', 6000);
    const limits: ContextLimits = { contextTokenBudget: 100_000, contextWindow: 4000, maxOutputTokens: 2000 };
    const result = fitPromptToContext(request({ context }), limits);
    const kept = contextBlock(result.prompt);
    expect(tokenCount(kept)).toBeLessThanOrEqual(limits.contextWindow - limits.maxOutputTokens);
    expect(tokenCount(result.prompt) + limits.maxOutputTokens).toBeLessThanOrEqual(limits.contextWindow);
    expect(kept).toContain(omissionMarker);
    expect(result.warnings).toHaveLength(1);

    // A larger output reservation leaves less room for the context.
    const tighter = contextBlock(fitPromptToContext(request({ context }), { ...limits, maxOutputTokens: 3000 }).prompt);
    expect(tokenCount(tighter)).toBeLessThan(tokenCount(kept));
  });

  it('keeps the prompt within the model window when a long field is referenced more than once', () => {
    const notes = longText('notes', 6000);
    const limits: ContextLimits = { contextTokenBudget: 100_000, contextWindow: 4000, maxOutputTokens: 1000 };
    const result = fitPromptToContext(
      request({ instruction: 'Summarise {{notes}}. Then list the risks in {{notes}}.', fields: { notes } }),
      limits,
    );
    expect(result.prompt).toContain(omissionMarker);
    // Every copy of the value counts: the prompt and the output must fit the window together.
    expect(tokenCount(result.prompt) + limits.maxOutputTokens).toBeLessThanOrEqual(limits.contextWindow);
  });
});

describe('shortenText', () => {
  it('returns a text that fits unchanged and cuts a longer one to the limit at word boundaries', () => {
    expect(shortenText('short text', 10)).toBe('short text');
    const text = longText('x', 2000);
    const cut = shortenText(text, 300);
    expect(tokenCount(cut)).toBeLessThanOrEqual(300);
    const [head, tail] = cut.split(omissionMarker) as [string, string];
    expect(text.startsWith(head)).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
    expect(head.length).toBeGreaterThan(tail.length);
  });
});

describe('summarizeContext: the prompt fitted to each model', () => {
  it('fits once per model and output limit, shortening only for a window too small for the text', () => {
    const fitter = promptFitter(request({ instruction: 'Summarise.', context: longText('doc', 2000) }), 'Be brief.', 8000);
    const wide = fitter({ provider: 'openai', model: 'gpt-6-luna' }, { contextWindow: 128_000 }, 1000);
    const narrow = fitter({ provider: 'openai', model: 'gpt-small' }, { contextWindow: 3000 }, 1000);
    expect(wide.warnings).toEqual([]);
    expect(narrow.warnings).toHaveLength(1);
    expect(tokenCount(contextBlock(narrow.prompt))).toBeLessThan(tokenCount(contextBlock(wide.prompt)));
    expect(narrow.tokens()).toBeLessThanOrEqual(3000 - 1000);
    expect(fitter({ provider: 'openai', model: 'gpt-6-luna' }, { contextWindow: 128_000 }, 1000)).toBe(wide);
  });
});
