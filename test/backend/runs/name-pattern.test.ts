import { fieldValuesOf, namePatternFields, renderNamePattern, unknownNamePatternFields } from '../../../backend/src/runs/name-pattern';
import { fillIdOf, jobIdOf } from '../../../backend/src/runs/job-ids';
import { fillRequestSchema } from '../../../contracts/fills';

describe('name patterns', () => {
  test('name the fields they use, spaces inside the braces allowed', () => {
    expect(namePatternFields('Proposal – {{company}} ({{ deal.name }}) {{company}}')).toEqual(['company', 'deal.name']);
    expect(unknownNamePatternFields('{{company}} {{owner}}', ['company'])).toEqual(['owner']);
    expect(unknownNamePatternFields('No fields at all', [])).toEqual([]);
  });

  test('render each field’s value, without characters that would disguise or break the name', () => {
    expect(renderNamePattern('Proposal – {{company}}', { company: 'Acme\u202E Corp\n' }, 'row-1')).toBe('Proposal – Acme Corp');
    expect(renderNamePattern('{{company}}', { company: '  ' }, 'row-1')).toBe('row-1');
    expect(renderNamePattern('{{constructor}}', {}, 'row-2')).toBe('row-2');
    expect(renderNamePattern('{{company}}', { company: 'x'.repeat(400) }, 'row-3')).toHaveLength(250);
  });

  test('map source fields to template fields, a missing or prototype-named source field being empty', () => {
    expect(fieldValuesOf({ company: 'Company name', owner: 'toString' }, { 'Company name': 'Acme' })).toEqual({
      company: 'Acme',
      owner: '',
    });
  });
});

describe('job and fill ids', () => {
  test('the same run and record key always make the same job id, another key another', () => {
    expect(jobIdOf('run-1', 'row-1')).toBe(jobIdOf('run-1', 'row-1'));
    expect(jobIdOf('run-1', 'row-1')).not.toBe(jobIdOf('run-1', 'row-2'));
    expect(jobIdOf('run-1', 'row-1')).not.toBe(jobIdOf('run-2', 'row-1'));
    expect(jobIdOf('run-1', 'row-1')).toMatch(/^[0-9a-f]{32}$/);
  });

  test('each attempt has its own fill id, which a fill request accepts', () => {
    const first = fillIdOf('run-1', 'job-1', 1);
    expect(fillIdOf('run-1', 'job-1', 1)).toBe(first);
    expect(fillIdOf('run-1', 'job-1', 2)).not.toBe(first);
    expect(fillRequestSchema.safeParse({ fillId: first, documentId: 'doc-1', tags: [{ name: 'intro' }] }).success).toBe(true);
  });
});
