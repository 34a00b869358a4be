import { ConfigError, loadConfig, type Config } from './config';

/** For process entry points: a bad configuration ends the process with EX_CONFIG (78) and names the variable. */
export function loadConfigOrExit(environment: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
