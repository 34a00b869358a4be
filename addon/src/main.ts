/**
 * The Apps Script entry point. It only exposes globals: the build turns each export into a top-level
 * `function` declaration, because Apps Script calls triggers, menu items and `google.script.run` targets by
 * global name.
 */
export { onInstall, onOpen, showHelp, showSidebar } from './triggers';
export {
  fillAllTags,
  getFillProgress,
  getSidebarState,
  rescanDocument,
  runFill,
  saveDrafts,
  saveFieldValues,
  saveTemplate,
  writeFill,
} from './server-functions';
export * from './admin/usage-functions';
export * from './admin/admin-functions';
