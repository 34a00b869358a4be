/**
 * The sample data `npm start` offers for a bulk run: a spreadsheet of 20 clients whose headers are the sample
 * proposal template's fields (sample-proposal-template.ts: client_name, project_name, start_date,
 * consultant_name), with a region column to try a filter on, and an empty Drive folder for the documents.
 * Plain data: the harness workspace turns it into a spreadsheet and a folder of its in-memory Drive.
 */

/** Ids look like Drive's (URL-safe, long enough for the add-on to take a bare id too). */
export const sampleSheetId = 'sample-clients-spreadsheet-0001';
export const sampleSheetName = 'Clients';
export const sampleFolderId = 'sample-proposals-folder-0001';
export const sampleFolderName = 'Sample proposals';

export const sampleSheetUrl = `https://docs.google.com/spreadsheets/d/${sampleSheetId}/edit`;
export const sampleFolderUrl = `https://drive.google.com/drive/folders/${sampleFolderId}`;

export const sampleClientHeaders = ['client_name', 'project_name', 'start_date', 'consultant_name', 'region'] as const;

const clients: Array<[string, string, string, string, string]> = [
  ['Acme Corp', 'Data platform', '2027-01-11', 'Ana Silva', 'EMEA'],
  ['Globex', 'Customer portal', '2027-01-18', 'Ben Okafor', 'Americas'],
  ['Initech', 'Billing migration', '2027-01-25', 'Chen Wei', 'APAC'],
  ['Umbrella Health', 'Patient app', '2027-02-01', 'Ana Silva', 'EMEA'],
  ['Stark Logistics', 'Route planner', '2027-02-08', 'Dara Nolan', 'Americas'],
  ['Wayne Foods', 'Supply dashboard', '2027-02-15', 'Ben Okafor', 'Americas'],
  ['Hooli', 'Search relaunch', '2027-02-22', 'Chen Wei', 'APAC'],
  ['Vandelay Imports', 'Customs automation', '2027-03-01', 'Dara Nolan', 'EMEA'],
  ['Soylent Labs', 'Lab scheduling', '2027-03-08', 'Ana Silva', 'EMEA'],
  ['Tyrell Robotics', 'Fleet telemetry', '2027-03-15', 'Chen Wei', 'APAC'],
  ['Cyberdyne Energy', 'Grid forecasting', '2027-03-22', 'Ben Okafor', 'Americas'],
  ['Oceanic Air', 'Crew rostering', '2027-03-29', 'Dara Nolan', 'APAC'],
  ['Pied Piper', 'Compression API', '2027-04-05', 'Ana Silva', 'Americas'],
  ['Massive Dynamic', 'Research portal', '2027-04-12', 'Chen Wei', 'Americas'],
  ['Nakatomi Trading', 'Treasury reporting', '2027-04-19', 'Dara Nolan', 'APAC'],
  ['Wonka Confections', 'Recipe catalogue', '2027-04-26', 'Ben Okafor', 'EMEA'],
  ['Gringotts Bank', 'Vault inventory', '2027-05-03', 'Ana Silva', 'EMEA'],
  ['Monarch Retail', 'Loyalty programme', '2027-05-10', 'Chen Wei', 'EMEA'],
  ['Blue Sun Mining', 'Safety reporting', '2027-05-17', 'Dara Nolan', 'APAC'],
  ['Aperture Studios', 'Asset pipeline', '2027-05-24', 'Ben Okafor', 'Americas'],
];

/** The header row, then one row per client. */
export function sampleClientRows(): string[][] {
  return [[...sampleClientHeaders], ...clients.map((row) => [...row])];
}

/** The spreadsheet's and the folder's state as the harness page shows them. */
export interface SampleSheetView {
  spreadsheetUrl: string;
  folderUrl: string;
  spreadsheetName: string;
  sheetName: string;
  /** Every row with content, the header row first (links and errors appear as the run writes them). */
  rows: string[][];
  /** The documents in the output folder, oldest first. */
  documents: Array<{ id: string; name: string }>;
}

export const sampleSpreadsheetName = 'Sample clients';

/** What the sample needs of the harness workspace (harness/server/harness-workspace.ts). */
interface SampleWorkspace {
  addSpreadsheet(spec: { id: string; name: string; sheets: Array<{ name: string; rows: string[][] }> }): unknown;
  addFolder(id: string, name: string): unknown;
  findSpreadsheet(id: string): { getSheetByName(name: unknown): { _rows(): unknown[][] } | null } | undefined;
  documentsInFolder(id: string): Array<{ getId(): string; getName(): string }>;
}

/** Puts the sample spreadsheet and an empty output folder in the workspace (again after a reset: links cleared). */
export function addSampleClientSheet(workspace: SampleWorkspace): void {
  workspace.addSpreadsheet({
    id: sampleSheetId,
    name: sampleSpreadsheetName,
    sheets: [{ name: sampleSheetName, rows: sampleClientRows() }],
  });
  workspace.addFolder(sampleFolderId, sampleFolderName);
}

export function sampleSheetView(workspace: SampleWorkspace): SampleSheetView | undefined {
  const sheet = workspace.findSpreadsheet(sampleSheetId)?.getSheetByName(sampleSheetName);
  if (!sheet) return undefined;
  return {
    spreadsheetUrl: sampleSheetUrl,
    folderUrl: sampleFolderUrl,
    spreadsheetName: sampleSpreadsheetName,
    sheetName: sampleSheetName,
    rows: sheet._rows().map((row) => row.map((cell) => (cell instanceof Date ? cell.toISOString() : String(cell)))),
    documents: workspace.documentsInFolder(sampleFolderId).map((document) => ({ id: document.getId(), name: document.getName() })),
  };
}
