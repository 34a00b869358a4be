import { CannotCallAiError } from '../../../../backend/src/ai/ai-errors';
import type { AskAiRequest } from '../../../../backend/src/ai/ask-ai-types';
import { canCallAi } from '../../../../backend/src/ai/steps/can-call-ai';

function request(overrides: Partial<AskAiRequest>): { request: AskAiRequest } {
  return {
    request: { organisationId: 'org', userId: 'user', requestId: 'fill:tag', instruction: 'Write a summary.', origin: {}, ...overrides },
  };
}

function refusal(call: () => unknown): CannotCallAiError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(CannotCallAiError);
    return error as CannotCallAiError;
  }
  throw new Error('expected canCallAi to refuse the request');
}

describe('canCallAi', () => {
  it('refuses when a referenced field is empty and names that field', () => {
    const error = refusal(() =>
      canCallAi(
        request({ instruction: 'Summarise the deal with {{client}} in {{industry}}.', fields: { client: '', industry: 'retail' } }),
      ),
    );
    expect(error.code).toBe('cannot_call_ai');
    expect(error.message).toContain('{{client}}');
    expect(error.message).not.toContain('{{industry}}');
  });

  it('treats a whitespace-only or missing field as empty and names every empty field', () => {
    const error = refusal(() =>
      canCallAi(
        request({ instruction: 'Compare {{ client }} with {{competitor}} for {{region}}.', fields: { client: ' \n\t ', region: 'EMEA' } }),
      ),
    );
    expect(error.message).toContain('{{client}}');
    expect(error.message).toContain('{{competitor}}');
    expect(error.message).not.toContain('{{region}}');
  });

  it('refuses an instruction that is only field references', () => {
    const error = refusal(() =>
      canCallAi(request({ instruction: '{{client}} {{ industry }}: ', fields: { client: 'Acme', industry: 'retail' } })),
    );
    expect(error.message).toMatch(/instruction/i);
  });

  it('hands the run on unchanged for a normal prompt whose fields are filled in', () => {
    const filled = request({ instruction: 'Write an intro for {{client}}.', fields: { client: 'Acme' } });
    expect(canCallAi(filled)).toBe(filled);
    const plain = request({ instruction: 'Write an intro.' });
    expect(canCallAi(plain)).toBe(plain);
  });
});
