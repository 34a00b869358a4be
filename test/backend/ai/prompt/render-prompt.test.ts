import { referencedFields, renderPrompt } from '../../../../backend/src/ai/prompt/render-prompt';

describe('prompt rendering', () => {
  it('substitutes every reference, tolerating spaces inside the braces', () => {
    expect(renderPrompt('For {{client_name}} in {{ industry }}: {{client_name}}.', { client_name: 'Acme', industry: 'retail' })).toBe(
      'For Acme in retail: Acme.',
    );
  });

  it('is single-pass: values that look like references or tags are inserted literally', () => {
    expect(renderPrompt('Hi {{a}} {{b}}', { a: '{{b}}', b: '<<ai:x>>' })).toBe('Hi {{b}} <<ai:x>>');
  });

  it('treats $ patterns in values literally', () => {
    expect(renderPrompt('Price: {{amount}}', { amount: "$& $1 $$ $'" })).toBe("Price: $& $1 $$ $'");
  });

  it('leaves references without a value as written and lists referenced fields once, in order', () => {
    expect(renderPrompt('{{known}} {{unknown}}', { known: 'k' })).toBe('k {{unknown}}');
    expect(referencedFields('{{b}} {{a}} {{b}} {{ c.d-e }}')).toEqual(['b', 'a', 'c.d-e']);
  });

  it('does not look up inherited properties', () => {
    expect(renderPrompt('{{constructor}}', {})).toBe('{{constructor}}');
  });
});
