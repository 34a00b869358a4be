import { TokenLimitJustificationError } from '../../../../backend/src/ai/ai-errors';
import type { AskAiRequest } from '../../../../backend/src/ai/ask-ai-types';
import { defaultAiSettings } from '../../../../backend/src/ai/settings/ai-settings';
import { tokenLimitFor } from '../../../../backend/src/ai/steps/enforce-token-limit';

function request(overrides: Partial<AskAiRequest>): AskAiRequest {
  return { organisationId: 'org', userId: 'user', requestId: 'fill:tag', instruction: 'Write a summary.', origin: {}, ...overrides };
}

const bigModel = { maxOutputTokens: 16_384, displayName: 'GPT-4o' };
const limits = defaultAiSettings.tokenLimits;
const justification = defaultAiSettings.tokenLimitJustifications[0] as string;

describe('enforceTokenLimit: tokenLimitFor', () => {
  it('defaults to the ceiling for the request complexity and output format', () => {
    expect(tokenLimitFor(request({}), bigModel, defaultAiSettings, 'normal')).toEqual({
      maxOutputTokens: limits.medium.plain,
      warnings: [],
    });
    for (const complexity of ['simple', 'medium', 'rare'] as const) {
      for (const outputFormat of ['plain', 'markdown'] as const) {
        const result = tokenLimitFor(request({ complexity, outputFormat }), bigModel, defaultAiSettings, 'normal');
        expect(result).toEqual({ maxOutputTokens: limits[complexity][outputFormat], warnings: [] });
      }
    }
  });

  it('keeps a request below the ceiling as asked', () => {
    expect(tokenLimitFor(request({ maxOutputTokens: 300 }), bigModel, defaultAiSettings, 'alert')).toEqual({
      maxOutputTokens: 300,
      warnings: [],
    });
  });

  it('clamps a request above the ceiling without justification, with a warning', () => {
    const ceiling = limits.simple.markdown;
    const result = tokenLimitFor(
      request({ complexity: 'simple', outputFormat: 'markdown', maxOutputTokens: ceiling * 4 }),
      bigModel,
      defaultAiSettings,
      'normal',
    );
    expect(result.maxOutputTokens).toBe(ceiling);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(String(ceiling));
  });

  it("allows an accepted justification to go above the ceiling, up to the model's maximum", () => {
    const asked = limits.medium.plain * 3;
    expect(asked).toBeLessThan(bigModel.maxOutputTokens);
    const result = tokenLimitFor(
      request({ maxOutputTokens: asked, tokenLimitJustification: justification }),
      bigModel,
      defaultAiSettings,
      'normal',
    );
    expect(result).toEqual({ maxOutputTokens: asked, warnings: [] });

    const beyond = tokenLimitFor(
      request({ maxOutputTokens: 100_000, tokenLimitJustification: justification }),
      bigModel,
      defaultAiSettings,
      'normal',
    );
    expect(beyond.maxOutputTokens).toBe(bigModel.maxOutputTokens);
    expect(beyond.warnings).toHaveLength(1);
    expect(beyond.warnings[0]).toContain('GPT-4o');
  });

  it('rejects an unknown justification, listing the accepted ones', () => {
    const call = () =>
      tokenLimitFor(request({ maxOutputTokens: 10_000, tokenLimitJustification: 'because' }), bigModel, defaultAiSettings, 'normal');
    expect(call).toThrow(TokenLimitJustificationError);
    try {
      call();
    } catch (error) {
      for (const accepted of defaultAiSettings.tokenLimitJustifications) expect((error as Error).message).toContain(accepted);
    }
  });

  it('only accepts the justifications the organisation configured', () => {
    const settings = { ...defaultAiSettings, tokenLimitJustifications: ['board-pack'] };
    expect(
      tokenLimitFor(request({ maxOutputTokens: 5000, tokenLimitJustification: 'board-pack' }), bigModel, settings, 'normal')
        .maxOutputTokens,
    ).toBe(5000);
    expect(() =>
      tokenLimitFor(request({ maxOutputTokens: 5000, tokenLimitJustification: justification }), bigModel, settings, 'normal'),
    ).toThrow(TokenLimitJustificationError);
  });

  it('halves the limit on a critical budget, with a warning', () => {
    const result = tokenLimitFor(request({ complexity: 'rare', outputFormat: 'markdown' }), bigModel, defaultAiSettings, 'critical');
    expect(result.maxOutputTokens).toBe(limits.rare.markdown / 2);
    expect(result.warnings).toHaveLength(1);
    expect(tokenLimitFor(request({ maxOutputTokens: 600 }), bigModel, defaultAiSettings, 'critical').maxOutputTokens).toBe(300);
  });

  it("clamps to the model's own maximum even at the default ceiling", () => {
    const smallModel = { maxOutputTokens: 4096, displayName: 'GPT-4 Turbo' };
    const result = tokenLimitFor(request({ complexity: 'rare', outputFormat: 'markdown' }), smallModel, defaultAiSettings, 'normal');
    expect(limits.rare.markdown).toBeGreaterThan(4096);
    expect(result.maxOutputTokens).toBe(4096);
    expect(result.warnings[0]).toContain('GPT-4 Turbo');
  });
});
