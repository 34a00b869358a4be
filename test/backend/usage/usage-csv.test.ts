import type { UsageRecord } from '../../../backend/src/ai/ledger/ledger-types';
import { usageRecordsToCsv, usageSummaryToCsv } from '../../../backend/src/usage/usage-csv';
import { summariseUsage, type UsageSummary, type UsageTotals } from '../../../backend/src/usage/usage-summary';

function record(overrides: Partial<UsageRecord>): UsageRecord {
  return {
    id: 'id-1',
    organisationId: 'domain:csv.example',
    userId: 'alice',
    templateId: 't1',
    fillId: 'f1',
    tag: 'invoice',
    requestId: 'r1',
    attempt: 1,
    provider: 'openai',
    requestedProvider: 'openai',
    requestedModel: 'gpt-6-luna',
    servedModel: 'gpt-6-luna',
    inputTokens: 1000,
    cachedInputTokens: 200,
    outputTokens: 500,
    usageEstimated: false,
    costNanoDollars: 1_500_000,
    costUsd: 0.0015,
    latencyMs: 300,
    cached: false,
    status: 'success',
    errorCode: null,
    keyId: 'key-1',
    createdAt: new Date('2026-03-01T12:34:56.789Z'),
    sortKey: '2026-03-01T12:34:56.789Z|id-1',
    day: '2026-03-01',
    month: '2026-03',
    ...overrides,
  };
}

const recordHeader =
  'createdAt,day,userId,templateId,fillId,tag,requestId,attempt,requestedProvider,requestedModel,provider,servedModel,' +
  'inputTokens,cachedInputTokens,cacheWriteInputTokens,outputTokens,reasoningTokens,usageEstimated,costUsd,latencyMs,cached,status,errorCode,feedbackRating,feedbackComment';
const totalsHeader =
  'requests,attempts,cachedRequests,errorAttempts,failedRequests,inputTokens,cachedInputTokens,outputTokens,' +
  'costUsd,costNanoDollars,cacheHitRate,errorRate,averageLatencyMs,p95LatencyMs';

/** Splits on the CRLF that ends each line; a CR or LF inside a quoted field is not followed by the other. */
function lines(csv: string): string[] {
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(0, -2).split('\r\n');
}

describe('usageRecordsToCsv', () => {
  it('writes a header and one CRLF-terminated line per record', () => {
    const csv = usageRecordsToCsv([
      record({}),
      record({
        id: 'id-2',
        attempt: 0,
        cached: true,
        status: 'cached',
        costNanoDollars: 0,
        costUsd: 0,
        latencyMs: 0,
        templateId: null,
        fillId: null,
        tag: null,
      }),
    ]);
    expect(lines(csv)).toEqual([
      recordHeader,
      '2026-03-01T12:34:56.789Z,2026-03-01,alice,t1,f1,invoice,r1,1,openai,gpt-6-luna,openai,gpt-6-luna,1000,200,0,500,0,false,0.0015,300,false,success,,,',
      '2026-03-01T12:34:56.789Z,2026-03-01,alice,,,,r1,0,openai,gpt-6-luna,openai,gpt-6-luna,1000,200,0,500,0,false,0,0,true,cached,,,',
    ]);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes only the header for no records', () => {
    expect(usageRecordsToCsv([])).toBe(`${recordHeader}\r\n`);
  });

  it('quotes fields holding a comma, quote, CR or LF and doubles the quotes', () => {
    const csv = usageRecordsToCsv([record({ userId: 'smith, jo', tag: 'say "hi"', fillId: 'two\nlines', templateId: 'old\rmac' })]);
    const cells = lines(csv)[1] ?? '';
    expect(cells).toContain(',"smith, jo",');
    expect(cells).toContain(',"say ""hi""",');
    expect(cells).toContain(',"two\nlines",');
    expect(cells).toContain(',"old\rmac",');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    const csv = usageRecordsToCsv([
      record({
        userId: '=1+1',
        templateId: '+cmd',
        fillId: '-2',
        tag: '@SUM(A1)',
        requestId: '\tfoo',
        errorCode: '=HYPERLINK("http://x","y")',
        requestedModel: '\rbar',
      }),
    ]);
    const cells = lines(csv)[1] ?? '';
    expect(cells).toBe(
      "2026-03-01T12:34:56.789Z,2026-03-01,'=1+1,'+cmd,'-2,'@SUM(A1),'\tfoo,1,openai,\"'\rbar\",openai,gpt-6-luna," +
        '1000,200,0,500,0,false,0.0015,300,false,success,"\'=HYPERLINK(""http://x"",""y"")",,',
    );
  });

  it("carries the rating and reason of each record's tag of its fill, defused and quoted like any text", () => {
    const ratings = new Map([
      ['f1:invoice', { rating: 'down' as const, comment: '=too long, and "vague"' }],
      ['f2:invoice', { rating: 'up' as const, comment: null }],
    ]);
    const csv = usageRecordsToCsv(
      [record({}), record({ id: 'id-2', attempt: 2 }), record({ fillId: 'f2' }), record({ fillId: 'f3' }), record({ tag: 'summary' })],
      ratings,
    );
    const feedbackCells = lines(csv)
      .slice(1)
      .map((line) => line.slice(line.indexOf(',success,') + ',success,'.length));
    expect(feedbackCells).toEqual([',down,"\'=too long, and ""vague"""', ',down,"\'=too long, and ""vague"""', ',up,', ',,', ',,']);
  });

  it('carries cache writes, reasoning tokens and whether the usage was estimated', () => {
    const cells = (
      lines(usageRecordsToCsv([record({ cacheWriteInputTokens: 300, reasoningTokens: 120, usageEstimated: true })]))[1] ?? ''
    ).split(',');
    expect([cells[14], cells[16], cells[17]]).toEqual(['300', '120', 'true']);
  });

  it('leaves numbers alone, negative ones included', () => {
    const cells = lines(usageRecordsToCsv([record({ latencyMs: -5 })]))[1] ?? '';
    expect(cells).toContain(',-5,');
    expect(cells).not.toContain("'");
  });

  it('writes costUsd exactly from the nano-dollars, without exponent notation', () => {
    const costs = [0, 150, 1_500_000, 2_000_000_000, 12_345_678_901].map((costNanoDollars) => {
      const cells = (lines(usageRecordsToCsv([record({ costNanoDollars })]))[1] ?? '').split(',');
      return cells[18];
    });
    expect(costs).toEqual(['0', '0.00000015', '0.0015', '2', '12.345678901']);
  });
});

describe('usageSummaryToCsv', () => {
  const totals = (overrides: Partial<UsageTotals>): UsageTotals => ({
    requests: 0,
    attempts: 0,
    cachedRequests: 0,
    errorAttempts: 0,
    failedRequests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    costNanoDollars: 0,
    cacheHitRate: 0,
    errorRate: 0,
    averageLatencyMs: 0,
    p95LatencyMs: 0,
    ...overrides,
  });

  it('writes the key and every total for the chosen breakdown', () => {
    const summary = summariseUsage(
      [
        record({ requestId: 'a', status: 'error', costNanoDollars: 0, latencyMs: 100 }),
        record({ requestId: 'a', attempt: 2, latencyMs: 300 }),
        record({ requestId: 'b', userId: '=evil', costNanoDollars: 0, cached: true, status: 'cached', latencyMs: 0 }),
      ],
      { from: '2026-03-01', to: '2026-03-02' },
    );
    expect(lines(usageSummaryToCsv(summary, 'byUser'))).toEqual([
      `key,${totalsHeader}`,
      'alice,1,2,0,1,0,2000,400,1000,0.0015,1500000,0,0.5,200,300',
      "'=evil,1,0,1,0,0,0,0,0,0,0,1,0,0,0",
    ]);
    expect(lines(usageSummaryToCsv(summary, 'byDay'))).toEqual([
      `key,${totalsHeader}`,
      '2026-03-01,2,2,1,1,0,2000,400,1000,0.0015,1500000,0.5,0.5,200,300',
      '2026-03-02,0,0,0,0,0,0,0,0,0,0,0,0,0,0',
    ]);
  });

  it('writes tiny and huge numbers as plain decimals and quotes awkward keys', () => {
    const summary: UsageSummary = {
      totals: totals({}),
      byDay: [],
      byUser: [],
      byModel: [
        { key: 'openai-compatible:llama, "large"', ...totals({ averageLatencyMs: 1.5e-7, costNanoDollars: 1e21, cacheHitRate: 1 / 3 }) },
      ],
      byProvider: [],
      byTemplate: [],
      byTag: [],
    };
    expect(lines(usageSummaryToCsv(summary, 'byModel'))[1]).toBe(
      '"openai-compatible:llama, ""large""",0,0,0,0,0,0,0,0,0,1000000000000000000000,0.3333333333333333,0,0.00000015,0',
    );
  });
});
