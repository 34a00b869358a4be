import type { BulkRunProgress } from '../../../../addon/shared/bulk-run-contract';
import {
  backgroundText,
  defaultNamePattern,
  initialMapping,
  matchingHeader,
  namePatternHint,
  problemTarget,
  progressSummary,
  runNeedsWork,
  runStatusText,
  startInputOf,
  unknownPatternFields,
  unknownPatternFieldsProblem,
} from '../../../../addon/client/sidebar/bulk-form-state';

function progress(change: Partial<BulkRunProgress> = {}): BulkRunProgress {
  return {
    runId: 'run-1',
    name: 'Proposals',
    status: 'active',
    finished: false,
    total: 20,
    done: 12,
    failed: 1,
    remaining: 7,
    costNanoDollars: 1_200_000,
    records: [],
    backgroundWorker: true,
    ...change,
  };
}

describe('the Bulk panel, free of the DOM', () => {
  it('preselects the column whose header is the field name, exactly first and then loosely', () => {
    const headers = ['Client Name', 'client_name', 'Project-Name', 'Start date', 'Notes'];
    expect(matchingHeader('client_name', headers)).toBe('client_name');
    expect(matchingHeader('project_name', headers)).toBe('Project-Name');
    expect(matchingHeader('start_date', headers)).toBe('Start date');
    expect(matchingHeader('consultant_name', headers)).toBeUndefined();
    expect(initialMapping(['client_name', 'consultant_name'], headers)).toEqual({ client_name: 'client_name' });
  });

  it("keeps the user's choice of a column still in the sheet, and their choice of no column", () => {
    const headers = ['client_name', 'Company', 'project_name'];
    expect(initialMapping(['client_name', 'project_name'], headers, { client_name: 'Company', project_name: '' })).toEqual({
      client_name: 'Company',
      project_name: '',
    });
    // A column the new sheet does not have is dropped for the match.
    expect(initialMapping(['client_name'], headers, { client_name: 'Gone' })).toEqual({ client_name: 'client_name' });
  });

  it('proposes a name pattern from the field that names the record, and lists the usable fields', () => {
    expect(defaultNamePattern('Proposal', ['start_date', 'client_name'])).toBe('Proposal – {{client_name}}');
    expect(defaultNamePattern('Proposal', ['start_date'])).toBe('Proposal – {{start_date}}');
    expect(defaultNamePattern('Proposal', [])).toBe('Proposal');
    expect(namePatternHint(['client_name', 'start_date'])).toBe("Each document's name; use {{client_name}}, {{start_date}}.");
    expect(namePatternHint([])).toMatch(/Map a field first/);
  });

  it('builds the start request: unmapped fields left out, the filter trimmed, texts trimmed', () => {
    expect(
      startInputOf({
        name: ' Proposals ',
        spreadsheet: ' https://docs.google.com/spreadsheets/d/abc/edit ',
        sheetName: 'Clients',
        fieldMapping: { client_name: 'client_name', project_name: '' },
        rowChoice: 'filter',
        filterColumn: 'region',
        filterValue: ' EMEA ',
        linkColumn: 'Document link',
        outputFolder: 'https://drive.google.com/drive/folders/xyz',
        namePattern: 'Proposal – {{client_name}}',
      }),
    ).toEqual({
      name: 'Proposals',
      spreadsheet: 'https://docs.google.com/spreadsheets/d/abc/edit',
      sheetName: 'Clients',
      fieldMapping: { client_name: 'client_name' },
      rows: { kind: 'filter', column: 'region', equals: 'EMEA' },
      linkColumn: 'Document link',
      outputFolder: 'https://drive.google.com/drive/folders/xyz',
      namePattern: 'Proposal – {{client_name}}',
    });
  });

  it('puts each problem next to the input it names, and the rest above Start', () => {
    const fields = ['client_name'];
    expect(problemTarget('namePattern', fields)).toEqual({ kind: 'input', input: 'namePattern' });
    expect(problemTarget('rows.column', fields)).toEqual({ kind: 'input', input: 'rows' });
    expect(problemTarget('fieldMapping.client_name', fields)).toEqual({ kind: 'mapping', field: 'client_name' });
    expect(problemTarget('fieldMapping.other', fields)).toEqual({ kind: 'general' });
    expect(problemTarget('template', fields)).toEqual({ kind: 'general' });
    expect(problemTarget(undefined, fields)).toEqual({ kind: 'general' });
  });

  it('works on a run only while it is active with records left, and says whether the sidebar may close', () => {
    expect(runNeedsWork(progress())).toBe(true);
    expect(runNeedsWork(progress({ status: 'paused' }))).toBe(false);
    expect(runNeedsWork(progress({ status: 'cancelled' }))).toBe(false);
    expect(runNeedsWork(progress({ finished: true, remaining: 0 }))).toBe(false);
    expect(runStatusText(progress({ finished: true, remaining: 0 }))).toBe('Finished');
    expect(progressSummary(progress())).toBe('12 done · 1 failed · 7 remaining');
    expect(backgroundText(progress())).toMatch(/^You can close the sidebar/);
    expect(backgroundText(progress({ backgroundWorker: false }))).toMatch(/^Keep the sidebar open/);
    expect(backgroundText(progress({ status: 'paused' }))).toBe('');
  });
});

describe('the name pattern check', () => {
  it('names each {{field}} no mapped column gives, once', () => {
    expect(unknownPatternFields('Proposal – {{ client_name }} {{company}} {{company}}', ['client_name'])).toEqual(['company']);
    expect(unknownPatternFields('Proposal – {{client_name}}', ['client_name'])).toEqual([]);
    expect(unknownPatternFieldsProblem(['company'])).toBe(
      'The name uses {{company}}, which no mapped column gives: map that field or take it out of the name.',
    );
  });
});
