import type { OutputTokenPolicy, TagConfiguration } from '../../../../addon/shared/sidebar-contract';
import {
  emptyConfiguration,
  modelFromValue,
  modelOptions,
  normalizeConfiguration,
  sameConfiguration,
  selectedModelValue,
} from '../../../../addon/client/sidebar/tag-config';
import {
  ceilingNote,
  complexityFromValue,
  complexityHint,
  complexityOptions,
  exceedsCeiling,
  justificationOptions,
  showsJustification,
} from '../../../../addon/client/sidebar/token-ceiling';

const policy: OutputTokenPolicy = {
  ceilings: { simple: { plain: 300, markdown: 400 }, medium: { plain: 1000, markdown: 1500 }, rare: { plain: 5000, markdown: 8000 } },
  justifications: ['detailed-report', 'board-pack'],
  defaultModels: { simple: 'openai:gpt-6-luna', medium: 'openai:gpt-6-luna', rare: 'openai:gpt-4o' },
};
const tag = (change: Partial<TagConfiguration> = {}): TagConfiguration => ({ ...emptyConfiguration(), prompt: 'Write.', ...change });

describe('the token ceiling in the tag editor', () => {
  it('offers the organisation default and each complexity', () => {
    expect(complexityOptions().map((option) => option.value)).toEqual(['', 'simple', 'medium', 'rare']);
    expect(complexityFromValue('rare')).toBe('rare');
    expect(complexityFromValue('')).toBeUndefined();
    expect(complexityFromValue('toString')).toBeUndefined();
  });

  it("goes above the ceiling only with an explicit number over the ceiling of the tag's complexity and format", () => {
    expect(exceedsCeiling(policy, tag())).toBe(false);
    expect(exceedsCeiling(policy, tag({ maxOutputTokens: 1000 }))).toBe(false);
    // No complexity: the backend treats the tag as medium.
    expect(exceedsCeiling(policy, tag({ maxOutputTokens: 1001 }))).toBe(true);
    expect(exceedsCeiling(policy, tag({ maxOutputTokens: 1001, outputFormat: 'markdown' }))).toBe(false);
    expect(exceedsCeiling(policy, tag({ maxOutputTokens: 1001, complexity: 'rare' }))).toBe(false);
    expect(exceedsCeiling(policy, tag({ maxOutputTokens: 301, complexity: 'simple' }))).toBe(true);
    expect(exceedsCeiling(undefined, tag({ maxOutputTokens: 100_000 }))).toBe(false);
  });

  it('says what happens without a reason', () => {
    expect(ceilingNote(policy, tag({ maxOutputTokens: 500, complexity: 'simple', outputFormat: 'markdown' }))).toBe(
      'Above the 400-token ceiling for simple markdown output: without a reason it is lowered to 400.',
    );
    expect(ceilingNote(policy, tag({ maxOutputTokens: 400, complexity: 'simple', outputFormat: 'markdown' }))).toBeUndefined();
  });

  it('hints what the complexity changes: the default model and the ceiling', () => {
    expect(complexityHint(policy, tag())).toBe(
      'Treated as medium: default model openai:gpt-6-luna; ceiling 1000 output tokens for plain text.',
    );
    expect(complexityHint(policy, tag({ complexity: 'rare', outputFormat: 'markdown' }))).toBe(
      'Default model openai:gpt-4o; ceiling 8000 output tokens for markdown text.',
    );
    expect(complexityHint(policy, tag({ complexity: 'simple', provider: 'openai', model: 'gpt-4o' }))).toBe(
      'Sets the ceiling to 300 output tokens for plain text; this tag keeps its own model.',
    );
  });

  it('shows the reason select when needed or when a reason is set, keeping a reason no longer accepted', () => {
    expect(showsJustification(policy, tag({ maxOutputTokens: 900 }))).toBe(false);
    expect(showsJustification(policy, tag({ maxOutputTokens: 1100 }))).toBe(true);
    expect(showsJustification(policy, tag({ tokenLimitJustification: 'board-pack' }))).toBe(true);
    expect(justificationOptions(policy, tag()).map((option) => option.value)).toEqual(['', 'detailed-report', 'board-pack']);
    expect(justificationOptions(policy, tag({ tokenLimitJustification: 'old-reason' })).at(-1)).toEqual({
      value: 'old-reason',
      label: 'old-reason (not accepted)',
    });
  });

  it('keeps complexity, justification and a model saved without its provider through normalising', () => {
    const stored = tag({ model: 'openai:gpt-4o', complexity: 'rare', maxOutputTokens: 6000, tokenLimitJustification: 'detailed-report' });
    expect(normalizeConfiguration(stored)).toEqual(stored);
    expect(sameConfiguration(stored, { ...stored, complexity: 'simple' })).toBe(false);
    expect(sameConfiguration(stored, { ...stored, tokenLimitJustification: undefined })).toBe(false);
    // The model select shows that model and choosing it again keeps it as saved.
    const value = selectedModelValue(stored);
    expect(modelOptions([], stored).find((option) => option.value === value)?.label).toBe('openai:gpt-4o (as saved)');
    expect(modelFromValue(value)).toEqual({ model: 'openai:gpt-4o' });
  });
});
