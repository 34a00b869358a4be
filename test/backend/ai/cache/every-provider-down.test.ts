import { BudgetExhaustedError } from '../../../../backend/src/ai/ai-errors';
import { everyProviderDown } from '../../../../backend/src/ai/cache/every-provider-down';
import type { Attempt } from '../../../../backend/src/ai/execution/execution-outcome';
import {
  AuthenticationError,
  BadRequestError,
  ContentFilteredError,
  ProviderTimeoutError,
  RateLimitedError,
  RefusedError,
  ServerError,
  UnavailableError,
  type ProviderError,
} from '../../../../backend/src/ai/providers/provider-errors';

const where = { provider: 'openai', model: 'gpt-6-luna', message: 'failed' };
const failedWith = (error: ProviderError): Attempt => ({ error }) as Attempt;

describe('everyProviderDown', () => {
  it('is true only when every attempt and the last error say the provider is not answering', () => {
    const down = [new ServerError(where), new UnavailableError(where), new ProviderTimeoutError(where), new RateLimitedError(where)];
    expect(everyProviderDown({ attempts: down.map(failedWith), error: down[3] })).toBe(true);

    for (const wrong of [
      new BadRequestError(where),
      new RefusedError(where),
      new ContentFilteredError(where),
      new AuthenticationError(where),
    ]) {
      expect(everyProviderDown({ attempts: [failedWith(down[0] as ProviderError), failedWith(wrong)], error: wrong })).toBe(false);
      // A request turned down once is not "down" even if a later model timed out.
      expect(everyProviderDown({ attempts: [failedWith(wrong), failedWith(down[0] as ProviderError)], error: down[0] })).toBe(false);
    }
    const budget = new BudgetExhaustedError({ message: 'no budget' });
    expect(everyProviderDown({ attempts: [failedWith(down[0] as ProviderError)], error: budget })).toBe(false);
  });
});
