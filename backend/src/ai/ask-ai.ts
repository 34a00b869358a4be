import type { AskAi, AskAiRequest, AskAiResult } from './ask-ai-types';
import { releasingOnFailure } from './budget/release-on-failure';
import { untilUsageRecorded } from './ledger/usage-recorded';
import { answer, answerFromCache, answerFromLastGood, requireAnswer } from './steps/answer';
import { startRun, type AskAiDependencies } from './steps/ask-ai-run';
import { findLastGoodAnswer, lookupCache, rememberLastGoodAnswer, storeInCache } from './steps/cache';
import { canCallAi } from './steps/can-call-ai';
import { enforceBudget } from './steps/enforce-budget';
import { enforceTokenLimit } from './steps/enforce-token-limit';
import { execute } from './steps/execute';
import { logAiCost, logCacheHit } from './steps/log-ai-cost';
import { catalogCache, resolveRequestedModel } from './steps/resolve-requested-model';
import { selectModel } from './steps/select-model';
import { summarizeContext } from './steps/summarize-context';

export type { AskAiDependencies } from './steps/ask-ai-run';

/**
 * The only code that reaches a model: the steps of SPEC.md section 6, in its order, each in its own file
 * under steps/, over one run context that each step reads and extends (steps/ask-ai-run.ts).
 */
export function createAskAi(dependencies: AskAiDependencies): AskAi {
  const catalogFor = catalogCache(dependencies.models);

  return async function askAi(request: AskAiRequest): Promise<AskAiResult> {
    const run = canCallAi(startRun(request, dependencies, catalogFor)); // 1. canCallAI
    const resolved = await resolveRequestedModel(run); // (selectModel's first half: the tag's model or the organisation's default)
    const summarized = summarizeContext(resolved); // 2. summarizeContext
    const hit = lookupCache(summarized); // 3. cache
    if (hit) {
      void logCacheHit(summarized, hit); // 8. logAICost, at no cost
      return answerFromCache(summarized, hit); // 9. return
    }
    const budgeted = await enforceBudget(summarized); // 4. enforceBudget
    return releasingOnFailure(budgeted.reservation, async () => {
      const selected = await selectModel(budgeted); // 5. selectModel
      const limited = enforceTokenLimit(selected); // 6. enforceTokenLimit
      const executed = await execute(limited); // 7. execute
      const logged = logAiCost(executed); // 8. logAICost
      const lastGood = findLastGoodAnswer(logged); // 3. cache: every provider down, and the organisation serves the last good answer
      if (lastGood) {
        void logCacheHit(logged, lastGood, { kind: 'stale', requested: logged.requested }); // 8. logAICost, at no cost
        await untilUsageRecorded(logged.logged.durable, dependencies.usageDurableTimeoutMs ?? 10_000); // the failed attempts' cost
        return answerFromLastGood(logged, lastGood); // 9. return, marked with its age
      }
      const answered = requireAnswer(logged); // no answer: the last error, its billed attempts recorded behind it
      storeInCache(answered); // 3. cache, for the next identical request
      rememberLastGoodAnswer(answered); // 3. cache: what to serve if every provider goes down
      await untilUsageRecorded(answered.logged.durable, dependencies.usageDurableTimeoutMs ?? 10_000); // no answer whose cost is unrecorded
      return answer(answered); // 9. return
    });
  };
}
