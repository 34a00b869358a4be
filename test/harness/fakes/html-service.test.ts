import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Blob } from '../../../harness/fakes/blob';
import { HtmlOutput, HtmlService } from '../../../harness/fakes/html-service';

const directory = mkdtempSync(join(tmpdir(), 'html-service-'));
writeFileSync(join(directory, 'sidebar.html'), '<p>sidebar</p>');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const service = new HtmlService({ htmlDirectory: directory });

test('createHtmlOutputFromFile reads NAME.html from the project files', () => {
  expect(service.createHtmlOutputFromFile('sidebar').getContent()).toBe('<p>sidebar</p>');
});

test('a missing file throws Apps Script’s message, and names cannot leave the folder', () => {
  expect(() => service.createHtmlOutputFromFile('missing')).toThrow(
    expect.objectContaining({ name: 'Exception', message: 'No HTML file named missing was found.' }),
  );
  expect(() => service.createHtmlOutputFromFile('../outside')).toThrow('No HTML file named ../outside was found.');
});

test('HtmlOutput setters chain and getters read back', () => {
  const output = service
    .createHtmlOutput('<b>hi</b>')
    .setTitle('Fill')
    .setWidth(300)
    .setHeight(480.7)
    .append('<i>more</i>')
    .appendUntrusted('<script>')
    .setSandboxMode(service.SandboxMode.IFRAME)
    .setXFrameOptionsMode(service.XFrameOptionsMode.ALLOWALL);
  expect(output.getContent()).toBe('<b>hi</b><i>more</i>&#60;script&#62;');
  expect([output.getTitle(), output.getWidth(), output.getHeight()]).toEqual(['Fill', 300, 480]);
  expect(HtmlOutput.sandboxModeOf(output)).toBe('IFRAME');
  expect(HtmlOutput.xFrameOptionsModeOf(output)).toBe('ALLOWALL');
  expect(output.setContent('new').getContent()).toBe('new');
  expect(output.clear().getContent()).toBe('');
});

test('only the documented meta tags are allowed', () => {
  const output = service.createHtmlOutput().addMetaTag('viewport', 'width=device-width');
  expect(output.getMetaTags().map((tag) => [tag.getName(), tag.getContent()])).toEqual([['viewport', 'width=device-width']]);
  expect(() => output.addMetaTag('description', 'x')).toThrow(expect.objectContaining({ name: 'Exception' }));
});

test('createHtmlOutput accepts a blob, and an output gives its content as a blob', () => {
  const output = service.createHtmlOutput(new Blob(Buffer.from('<p>from blob</p>'), 'text/html'));
  expect(output.getContent()).toBe('<p>from blob</p>');
  expect(output.getBlob().getDataAsString()).toBe('<p>from blob</p>');
  expect(output.getBlob().getContentType()).toBe('text/html');
});
