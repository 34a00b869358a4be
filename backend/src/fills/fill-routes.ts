import { Router } from 'express';
import { identityOf } from '../auth/authenticate';
import { HttpProblem, problemTypeBase } from '../platform/problem';
import { parseInput } from '../platform/validation';
import { checkFill } from './check-fill';
import { fillRequestSchema } from './fill-request';
import { runFill, type RunFillDependencies } from './run-fill';

export function createFillRoutes(dependencies: RunFillDependencies): Router {
  const router = Router();
  router.post('/v1/fills', async (request, response) => {
    const identity = identityOf(response.locals);
    const fillRequest = parseInput(fillRequestSchema, request.body, 'fill request');
    const problems = checkFill(fillRequest);
    if (problems.length > 0) {
      throw new HttpProblem({
        status: 422,
        type: `${problemTypeBase}fill-not-ready`,
        title: 'The fill cannot start',
        detail: problems.map((problem) => problem.message).join(' '),
        extensions: { problems },
      });
    }
    response.json(await runFill(identity, fillRequest, dependencies));
  });
  return router;
}
