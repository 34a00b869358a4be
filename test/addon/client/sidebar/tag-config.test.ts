import {
  connectionChoicesFor,
  emptyConfiguration,
  insertFieldReference,
  isConfigured,
  modelFromValue,
  modelOptions,
  normalizeConfiguration,
  parseBoundedNumber,
  sameConfiguration,
  selectedModelValue,
} from '../../../../addon/client/sidebar/tag-config';

describe('tag configuration helpers', () => {
  it('normalises: fields come from the prompt, blank optional values are dropped', () => {
    expect(
      normalizeConfiguration({
        prompt: 'Intro for {{client}} and {{ project }} and {{client}}',
        fields: ['stale'],
        outputFormat: 'plain',
        useDocumentText: false,
        fallbackText: '',
        provider: 'openai',
      }),
    ).toEqual({
      prompt: 'Intro for {{client}} and {{ project }} and {{client}}',
      fields: ['client', 'project'],
      outputFormat: 'plain',
      useDocumentText: false,
    });
    expect(
      normalizeConfiguration({
        ...emptyConfiguration(),
        prompt: 'x',
        provider: 'openai',
        model: 'gpt-6-luna',
        temperature: 0,
        maxOutputTokens: 200,
        fallbackText: 'n/a',
      }),
    ).toEqual({
      prompt: 'x',
      fields: [],
      outputFormat: 'plain',
      useDocumentText: false,
      provider: 'openai',
      model: 'gpt-6-luna',
      temperature: 0,
      maxOutputTokens: 200,
      fallbackText: 'n/a',
    });
  });

  it('compares configurations by what they generate, not by the listed fields', () => {
    const saved = { prompt: 'Hi {{a}}', fields: ['a'], outputFormat: 'plain' as const, useDocumentText: false };
    expect(sameConfiguration(saved, { ...saved, fields: [] })).toBe(true);
    expect(sameConfiguration(saved, { ...saved, fallbackText: '' })).toBe(true);
    expect(sameConfiguration(saved, { ...saved, temperature: 0.5 })).toBe(false);
    expect(sameConfiguration(saved, { ...saved, outputFormat: 'markdown' })).toBe(false);
    expect(sameConfiguration(saved, { ...saved, useDocumentText: true })).toBe(false);
    expect(isConfigured(saved)).toBe(true);
    expect(isConfigured({ ...saved, prompt: '  ' })).toBe(false);
    expect(isConfigured(undefined)).toBe(false);
  });

  it('offers the organisation default first, and keeps a tag model the organisation no longer allows', () => {
    const models = [{ provider: 'openai' as const, model: 'gpt-6-luna', displayName: 'GPT-4o mini' }];
    const config = { ...emptyConfiguration(), provider: 'anthropic' as const, model: 'claude-x' };
    const options = modelOptions(models, config);
    expect(options.map((option) => option.label)).toEqual([
      'Organisation default',
      'GPT-4o mini (openai)',
      'claude-x (anthropic, not allowed)',
    ]);
    expect(modelFromValue(selectedModelValue(config))).toEqual({ provider: 'anthropic', model: 'claude-x' });
    expect(selectedModelValue(emptyConfiguration())).toBe('');
    expect(modelFromValue('')).toEqual({});
    expect(modelFromValue(options[1]?.value ?? '')).toEqual({ provider: 'openai', model: 'gpt-6-luna' });
  });

  it('parses bounded numbers; blank means default', () => {
    expect(parseBoundedNumber('', 0, 2)).toEqual({ valid: true });
    expect(parseBoundedNumber('0.7', 0, 2)).toEqual({ valid: true, value: 0.7 });
    expect(parseBoundedNumber('2.5', 0, 2)).toEqual({ valid: false });
    expect(parseBoundedNumber('abc', 0, 2)).toEqual({ valid: false });
    expect(parseBoundedNumber('1.5', 1, 100, true)).toEqual({ valid: false });
    expect(parseBoundedNumber('300', 1, 1000, true)).toEqual({ valid: true, value: 300 });
  });

  it('inserts {{name}} at the cursor, replacing a selection', () => {
    expect(insertFieldReference('Hello  world', 6, 6, 'client')).toEqual({ text: 'Hello {{client}} world', cursor: 16 });
    expect(insertFieldReference('Hello XX', 6, 8, 'a')).toEqual({ text: 'Hello {{a}}', cursor: 11 });
    expect(insertFieldReference('abc', 99, 99, 'a')).toEqual({ text: 'abc{{a}}', cursor: 8 });
  });
});

describe('the connection a tag may choose', () => {
  const connections = [
    { id: 'a', provider: 'openai-compatible', name: 'Server A' },
    { id: 'b', provider: 'openai-compatible', name: 'Server B' },
    { id: 'c', provider: 'anthropic', name: 'Claude' },
  ];
  const base = { ...emptyConfiguration(), prompt: 'Hi.' };

  it("lists the tag's provider's connections only when there are several", () => {
    const compatible = { ...base, provider: 'openai-compatible' as const, model: 'llama3.1' };
    expect(connectionChoicesFor(connections, compatible, undefined).map((choice) => choice.id)).toEqual(['a', 'b']);
    expect(connectionChoicesFor(connections, { ...base, provider: 'anthropic', model: 'claude-haiku-4-5' }, undefined)).toEqual([]);
    // No model of its own: the organisation default's provider.
    expect(connectionChoicesFor(connections, base, 'openai-compatible:llama3.1')).toHaveLength(2);
    expect(connectionChoicesFor(connections, base, 'anthropic:claude-haiku-4-5')).toEqual([]);
  });

  it('keeps a saved choice that is gone in view, so the author sees it and picks another', () => {
    const gone = { ...base, provider: 'anthropic' as const, model: 'claude-haiku-4-5', connectionId: 'deleted' };
    expect(connectionChoicesFor(connections, gone, undefined)).toEqual([
      { id: 'c', provider: 'anthropic', name: 'Claude' },
      { id: 'deleted', provider: 'anthropic', name: 'deleted (no longer available)' },
    ]);
    expect(sameConfiguration({ ...base, connectionId: 'a' }, { ...base, connectionId: 'b' })).toBe(false);
    expect(normalizeConfiguration({ ...base, connectionId: 'a' }).connectionId).toBe('a');
  });
});
