import type { HarnessWorkspace } from './server/harness-workspace';

/**
 * What `npm start` offers for a first bulk run: a spreadsheet of 20 leads whose columns match the sample
 * template's fields, and an empty Drive folder for the new documents. Paste their links into the Bulk panel.
 */
export const sampleSpreadsheetId = 'sample-leads-spreadsheet';
export const sampleFolderId = 'sample-proposals-folder';

const clients = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Vandelay',
  'Monarch',
  'Dunder Mifflin',
  'Pied Piper',
  'Massive Dynamic',
  'Aperture',
  'Black Mesa',
];
const projects = ['CRM migration', 'Data platform', 'Website relaunch', 'Mobile app', 'Cloud cost review'];
const consultants = ['Ana Lima', 'Ben Okafor', 'Chloé Martin', 'Dev Patel'];

export function addSampleBulkRunData(workspace: HarnessWorkspace): { spreadsheetUrl: string; folderUrl: string } {
  const spreadsheet = workspace.addSpreadsheet({
    id: sampleSpreadsheetId,
    name: 'Sample leads',
    sheets: [
      {
        name: 'Leads',
        rows: [
          ['client_name', 'project_name', 'consultant_name', 'start_date'],
          ...clients.map((client, index) => [
            client,
            projects[index % projects.length]!,
            consultants[index % consultants.length]!,
            `2026-0${(index % 9) + 1}-15`,
          ]),
        ],
      },
    ],
  });
  workspace.addFolder(sampleFolderId, 'Sample proposals');
  return { spreadsheetUrl: spreadsheet.getUrl(), folderUrl: `https://drive.google.com/drive/folders/${sampleFolderId}` };
}
