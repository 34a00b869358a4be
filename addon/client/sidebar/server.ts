import type { ServerApi } from '../../shared/server-api';
import { callServer } from '../common/call-server';
import { createLimiter } from './async-tools';

/** At most 4 google.script.run calls at once: a fill, its poll and the two savers fit; the rest waits. */
const limiter = createLimiter(4);

export function call<Name extends keyof ServerApi>(name: Name, ...args: Parameters<ServerApi[Name]>): Promise<ReturnType<ServerApi[Name]>> {
  return limiter.run(() => callServer(name, ...args));
}
