import type { ServerApi } from '../../shared/server-api';
import type { AdminArguments, AdminOperation, AdminOutput } from '../../shared/admin-operations';

interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: Error) => void): ScriptRunner;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRunner } };

/** `google.script.run` as a typed promise: the name and arguments are checked against the server's API. */
export function callServer<Name extends keyof ServerApi>(
  name: Name,
  ...args: Parameters<ServerApi[Name]>
): Promise<ReturnType<ServerApi[Name]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[Name]>))
      .withFailureHandler((error) => reject(error instanceof Error ? error : new Error(String(error))));
    (runner[name] as (...callArgs: unknown[]) => void)(...args);
  });
}

/** One operation of the admin dialog's settings screens, through the one server function behind them. */
export function callAdmin<Operation extends AdminOperation>(
  operation: Operation,
  ...input: AdminArguments<Operation>
): Promise<AdminOutput<Operation>> {
  return callServer('adminCall', operation, ...input) as Promise<AdminOutput<Operation>>;
}
