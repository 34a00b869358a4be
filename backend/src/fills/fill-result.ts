export type TagStatus = 'generated' | 'fallback' | 'failed' | 'skipped';

export interface TagResult {
  tag: string;
  status: TagStatus;
  /** What the add-on writes in place of the tag: generated text, the fallback text, or a visible marker. */
  text: string;
  provider?: string | undefined;
  model?: string | undefined;
  requestedModel?: string | undefined;
  cached?: boolean | undefined;
  /** Every provider was down: the text is the prompt's last good answer, written at `generatedAt`, `ageSeconds` before this fill. */
  lastGoodAnswer?: { generatedAt: string; ageSeconds: number } | undefined;
  usage?: { inputTokens: number; cachedInputTokens: number; outputTokens: number } | undefined;
  /** US dollars, every billed attempt included. */
  cost?: number | undefined;
  durationMs: number;
  error?: { code: string; message: string } | undefined;
  warnings: string[];
  /** What a generated text depends on (tag-fingerprint.ts): a resumed fill keeps the text only when it is the same. */
  fingerprint?: string | undefined;
}

export interface FillAbort {
  code: string;
  /** What the user should do; safe to show. */
  message: string;
}

export interface FillResult {
  fillId: string;
  /** `aborted`: nothing may be written to the document. */
  status: 'completed' | 'aborted';
  abort?: FillAbort | undefined;
  results: TagResult[];
  totals: {
    tags: number;
    generated: number;
    fallback: number;
    failed: number;
    cached: number;
    inputTokens: number;
    outputTokens: number;
    cost: number;
    durationMs: number;
  };
}
