import type { CounterReference } from '../ledger/ledger-types';

/** A spend counter that has a limit, with words for the person who hits it. */
export interface LimitedCounter {
  counter: CounterReference;
  limitNanoDollars: number;
  /** "the organisation's daily AI budget", "your monthly AI budget" */
  describe: string;
}
