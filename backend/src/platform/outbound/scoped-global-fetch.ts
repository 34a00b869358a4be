import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<typeof fetch>();
let installed = false;

/**
 * Runs `work` so that the global fetch, inside it only, is `scopedFetch`. For an SDK that offers no fetch
 * option (@google/generative-ai calls the global fetch): its calls then go through the outbound guard, while
 * every other global fetch of the process (Google's own auth libraries) is left as it was.
 */
export function withGlobalFetch<T>(scopedFetch: typeof fetch, work: () => Promise<T>): Promise<T> {
  if (!installed) {
    const original = globalThis.fetch;
    globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) =>
      (scope.getStore() ?? original)(input, init)) as typeof fetch;
    installed = true;
  }
  return scope.run(scopedFetch, work);
}
