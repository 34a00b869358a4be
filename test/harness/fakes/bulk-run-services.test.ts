import { Authorization, guardService } from '../../../harness/fakes/authorization';
import { documentFromSpec, type FakeDocument } from '../../../harness/fakes/document-service';
import { DriveApp, type DriveFolderState } from '../../../harness/fakes/drive-app';
import { SCOPES } from '../../../harness/fakes/scope-rules';
import { ScriptApp } from '../../../harness/fakes/script-app';
import { MAXIMUM_TRIGGERS_PER_USER, TriggerStore } from '../../../harness/fakes/script-triggers';
import { FakeSpreadsheet, SpreadsheetApp } from '../../../harness/fakes/spreadsheet-app';

/** The fakes bulk runs use refuse what Apps Script refuses: trigger limits, scopes, ranges outside the sheet. */

const manifest = [SCOPES.documents, SCOPES.spreadsheets, SCOPES.drive, SCOPES.scriptApp];
const authorization = (scopes: readonly string[] = manifest, granted?: readonly string[]) =>
  new Authorization({ manifestScopes: scopes, authMode: 'FULL', ...(granted ? { grantedScopes: new Set(granted) } : {}) });

describe('ScriptApp time-driven triggers of an Editor add-on', () => {
  let store: TriggerStore;
  let documentId: string | null;
  const scriptApp = (auth = authorization()) =>
    guardService(
      new ScriptApp({
        identityToken: () => null,
        authorization: auth,
        triggers: { store, user: () => 'ana@example.com', documentId: () => documentId },
      }),
      'ScriptApp',
      auth,
    );

  beforeEach(() => {
    store = new TriggerStore();
    documentId = 'document-a';
  });

  test('makes an hourly trigger, lists it for its user and document, and deletes it', () => {
    const app = scriptApp();
    const trigger = app.newTrigger('workOnRunsInBackground').timeBased().everyHours(1).create();
    expect(trigger.getHandlerFunction()).toBe('workOnRunsInBackground');
    expect(trigger.getEventType()).toBe('CLOCK');
    expect(app.getProjectTriggers().map((listed) => listed.getUniqueId())).toEqual([trigger.getUniqueId()]);
    expect(app.getUserTriggers({ getId: () => 'document-a' })).toHaveLength(1);
    expect(app.getUserTriggers({ getId: () => 'document-b' })).toHaveLength(0);
    app.deleteTrigger(trigger);
    expect(app.getProjectTriggers()).toEqual([]);
  });

  test('refuses a trigger more often than once per hour, and intervals ClockTriggerBuilder does not take', () => {
    const app = scriptApp();
    expect(() => app.newTrigger('work').timeBased().everyMinutes(30).create()).toThrow('cannot run more frequently than once per hour');
    expect(() => app.newTrigger('work').timeBased().everyHours(3)).toThrow('Invalid argument: n');
    expect(() => app.newTrigger('work').timeBased().everyMinutes(7)).toThrow('Invalid argument: n');
    expect(store.installed).toEqual([]);
  });

  test('refuses a second time-driven trigger for the same user and document; another document may have one', () => {
    const app = scriptApp();
    app.newTrigger('work').timeBased().everyHours(1).create();
    expect(() => app.newTrigger('other').timeBased().everyHours(2).create()).toThrow('one time-driven trigger per user per document');
    documentId = 'document-b';
    app.newTrigger('work').timeBased().everyHours(1).create();
    expect(store.installed).toHaveLength(2);
  });

  test(`refuses the ${MAXIMUM_TRIGGERS_PER_USER + 1}st trigger of a user with Apps Script's message`, () => {
    const app = scriptApp();
    for (let index = 0; index < MAXIMUM_TRIGGERS_PER_USER; index += 1) {
      documentId = `document-${index}`;
      app.newTrigger('work').timeBased().everyHours(1).create();
    }
    documentId = 'document-last';
    expect(() => app.newTrigger('work').timeBased().everyHours(1).create()).toThrow(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  });

  test('needs the script.scriptapp scope in the manifest and granted', () => {
    expect(() => scriptApp(authorization([SCOPES.documents])).newTrigger('work')).toThrow(
      'Specified permissions are not sufficient to call ScriptApp.newTrigger. Required permissions: https://www.googleapis.com/auth/script.scriptapp',
    );
    expect(() => scriptApp(authorization(manifest, [SCOPES.documents])).getProjectTriggers()).toThrow(
      'You do not have permission to call ScriptApp.getProjectTriggers',
    );
  });

  test('a time-driven execution has no document to make a trigger for', () => {
    documentId = null;
    expect(() => scriptApp().newTrigger('work').timeBased().everyHours(1).create()).toThrow('from a document it is used in');
  });
});

describe('SpreadsheetApp', () => {
  const spreadsheet = () =>
    new FakeSpreadsheet({
      id: 'sheet-0000000001',
      name: 'Clients',
      sheets: [
        {
          name: 'Leads',
          rows: [
            ['Company', 'Contact'],
            ['Acme', 'Ann'],
            ['', ''],
          ],
          maxColumns: 3,
        },
      ],
    });

  test('opens by id or URL, reads the data range and the last row and column, writes a cell', () => {
    const book = spreadsheet();
    const app = new SpreadsheetApp({ findSpreadsheet: (id) => (id === book.getId() ? book : undefined) });
    expect(app.openByUrl('https://docs.google.com/spreadsheets/d/sheet-0000000001/edit#gid=0').getName()).toBe('Clients');
    const sheet = app.openById('sheet-0000000001').getSheetByName('Leads')!;
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([2, 2]);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['Company', 'Contact'],
      ['Acme', 'Ann'],
    ]);
    sheet.getRange(2, 3).setValue('https://docs.google.com/document/d/x/edit');
    expect(sheet.getLastColumn()).toBe(3);
    expect(app.openById('sheet-0000000001').getSheetByName('Missing')).toBeNull();
    expect(() => app.openById('unknown-sheet-id')).toThrow('Unexpected error while getting the method or property openById');
    expect(() => app.openByUrl('https://example.com/sheet')).toThrow('Invalid argument: url');
  });

  test('refuses ranges outside the grid and values that do not match the range', () => {
    const sheet = spreadsheet().getSheetByName('Leads')!;
    expect(() => sheet.getRange(1, 4)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(0, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([['only one row', 'x']])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
  });

  test('needs the spreadsheets scope', () => {
    const auth = authorization([SCOPES.documents]);
    const app = guardService(new SpreadsheetApp({ findSpreadsheet: () => undefined }), 'SpreadsheetApp', auth);
    expect(() => app.openById('sheet-0000000001')).toThrow(
      'Specified permissions are not sufficient to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets',
    );
  });
});

describe('DriveApp folders', () => {
  const template = documentFromSpec({ id: 'template-doc-000001', name: 'Template', body: [{ type: 'paragraph', runs: [{ text: 'Hi' }] }] });
  const setup = (scopes: readonly string[]) => {
    const documents = new Map<string, FakeDocument>([[template.getId(), template]]);
    const folder: DriveFolderState = { id: 'folder-00000000001', name: 'Out', fileIds: [] };
    const auth = authorization(scopes);
    const drive = guardService(
      new DriveApp({
        findDocument: (id) => documents.get(id),
        addDocument: (document) => documents.set(document.getId(), document),
        findFolder: (id) => (id === folder.id ? folder : undefined),
        checkFileCall: (method) => auth.check('File', method),
        trashed: new Set(),
      }),
      'DriveApp',
      auth,
    );
    return { drive, folder };
  };

  test('makeCopy(name, folder) puts the copy into the folder; setTrashed moves it to the trash', () => {
    const { drive, folder } = setup([SCOPES.drive]);
    const copy = drive.getFileById(template.getId()).makeCopy('Proposal – Acme', drive.getFolderById(folder.id));
    expect(copy.getName()).toBe('Proposal – Acme');
    expect(folder.fileIds).toEqual([copy.getId()]);
    expect(copy.setTrashed(true).isTrashed()).toBe(true);
    expect(() => drive.getFolderById('no-such-folder')).toThrow('No item with the given ID could be found');
  });

  test('copying needs the drive scope: drive.readonly reads the folder but cannot copy into it', () => {
    const { drive, folder } = setup([SCOPES.driveReadonly]);
    const destination = drive.getFolderById(folder.id);
    expect(() => drive.getFileById(template.getId()).makeCopy('Copy', destination)).toThrow(
      'Specified permissions are not sufficient to call File.makeCopy. Required permissions: https://www.googleapis.com/auth/drive',
    );
    expect(folder.fileIds).toEqual([]);
  });
});
