/**
 * Apps Script services throw errors named "Exception", so `String(e)` in the script reads
 * "Exception: Request failed for …" while `e.message` has no prefix.
 */
export function appsScriptException(message: string): Error {
  const error = new Error(message);
  error.name = 'Exception';
  return error;
}

export function invalidArgument(name: string): Error {
  return appsScriptException(`Invalid argument: ${name}`);
}
