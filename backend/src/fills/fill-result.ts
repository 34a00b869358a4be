import type { FillResult } from '../../../contracts/fills';

// A fill's result is part of the add-on <-> backend contract: written once in contracts/fills.ts.
export type { FillResult, TagResult, TagStatus } from '../../../contracts/fills';

/** Why a fill was stopped, in words safe to show: nothing may be written. */
export type FillAbort = NonNullable<FillResult['abort']>;
