export type TagStatus = 'generated' | 'fallback' | 'failed' | 'skipped';

export interface TagResult {
  tag: string;
  status: TagStatus;
  /** What the add-on writes in place of the tag: generated text, the fallback text, or a visible marker. */
  text: string;
  provider?: string | undefined;
  model?: string | undefined;
  usage?: { inputTokens: number; outputTokens: number } | undefined;
  cost?: number | null | undefined;
  durationMs: number;
  error?: { code: string; message: string } | undefined;
  warnings: string[];
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
  totals: { tags: number; generated: number; fallback: number; failed: number; inputTokens: number; outputTokens: number; durationMs: number };
}
