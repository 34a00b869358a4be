export {
  AppsScriptRuntime,
  DEFAULT_EXECUTION_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT_EXECUTIONS,
  type AppsScriptRuntimeOptions,
  type ExecutionInfo,
  type ExecutionLogEntry,
} from './apps-script-runtime';
export { IllegalArgumentError } from './client-arguments';
export { EXECUTION_TIMEOUT_MESSAGE } from './worker-slot';
export type { LogLevel } from './wire-format';
