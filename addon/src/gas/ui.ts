export function addMenu(): void {
  DocumentApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Fill all tags', 'fillAllTags')
    .addItem('Admin settings', 'showAdminSettings')
    .addSeparator()
    .addItem('Help', 'showHelp')
    .addToUi();
}

export function showSidebarPage(): void {
  const page = HtmlService.createHtmlOutputFromFile('sidebar').setTitle('AI Template Fill');
  DocumentApp.getUi().showSidebar(page);
}

export function showHelpDialog(): void {
  const page = HtmlService.createHtmlOutput(
    '<div style="font-family: Arial, sans-serif; font-size: 13px; line-height: 1.5">' +
      '<p>Write <b>&lt;&lt;ai:NAME&gt;&gt;</b> where generated text should go and <b>&lt;&lt;field&gt;&gt;</b> for plain values.</p>' +
      '<p>Open the sidebar, give each AI tag a prompt (use <b>{{field}}</b> to refer to a value), type the values and press <b>Fill all</b>. <b>Preview</b> shows the texts first; <b>Fill into a copy</b> keeps the template as it is.</p>' +
      '<p>Admins manage AI connections, models, budgets and alerts, and see usage, under <b>Admin settings</b>.</p>' +
      '</div>',
  )
    .setWidth(420)
    .setHeight(240);
  DocumentApp.getUi().showModalDialog(page, 'AI Template Fill help');
}

/** The admin dialog (admin settings and usage); what it shows depends on the role the backend reports. */
export function showAdminSettingsDialog(): void {
  const page = HtmlService.createHtmlOutputFromFile('admin').setWidth(1000).setHeight(700);
  DocumentApp.getUi().showModalDialog(page, 'AI Template Fill: admin settings');
}

/** A short message after a menu action; the sidebar shows richer results. */
export function showMessage(summary: { title: string; message: string }): void {
  const ui = DocumentApp.getUi();
  ui.alert(summary.title, summary.message, ui.ButtonSet.OK);
}
