/** How a fill stays inside Apps Script's limits (SPEC.md section 5, FACTS.md). */
export interface FillLimits {
  /**
   * The longest one backend request may wait for the fill. UrlFetchApp gives up at about 60 s and no
   * request from Apps Script may take more than ~45 s, so requests wait 40 s and then ask again.
   */
  waitSeconds: number;
  /** Generation stops waiting after this long, leaving time to write before the 6-minute execution limit. */
  generationBudgetMs: number;
}

export const appsScriptFillLimits: FillLimits = { waitSeconds: 40, generationBudgetMs: 300_000 };
