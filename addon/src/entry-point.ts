/**
 * Every function a person starts (menu items, the sidebar's and the admin dialog's google.script.run calls)
 * first asks Apps Script for every scope in the manifest.
 *
 * Under granular consent a user may grant only some of the scopes the add-on asks for; a call that then needs
 * a missing one fails midway (e.g. UrlFetchApp without script.external_request, or the backend answering 401
 * to a token without openid). ScriptApp.requireAllScopes(AuthMode.FULL) "ends the current execution and
 * renders an authorization prompt to request the missing scopes" instead
 * (https://developers.google.com/apps-script/reference/script/script-app#requireAllScopes(AuthMode),
 * https://developers.google.com/apps-script/concepts/scopes#granular-consent). Every feature needs every
 * scope (the document, the backend, the UI, the identity token), so none asks for fewer.
 *
 * Simple triggers (onOpen) are not wrapped: they run in AuthMode.NONE or LIMITED, where no prompt can be shown
 * (https://developers.google.com/apps-script/reference/script/auth-mode).
 */
export function entryPoint<Args extends unknown[], Result>(run: (...args: Args) => Result): (...args: Args) => Result {
  return (...args: Args): Result => {
    ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL);
    return run(...args);
  };
}
