/**
 * What a study that proposes its own trials needs before the first one: the sampler of its strategy, the
 * Hyperband pruner and its checkpoint interval, the warm-start history, and the initial configurations.
 */
import { exists, UsageError } from "../core/mod.ts";
import { createSampler } from "./create_sampler.ts";
import { createHyperbandPruner, type TrialPruner } from "./hyperband.ts";
import type { ObservedTrial, Sampler } from "./sampler.ts";
import { paramsFitSpace, type SearchSpace, type TrialParams } from "./space.ts";
import { readTrials } from "./trials.ts";
import type { StudyDefinition } from "./tuning_executor.ts";

/** Hyperband's side of a study: the pruner, and the resource every trial gets in full. */
export interface PruningSchedule {
  /** Decides from intermediate values whether a trial stops. */
  pruner: TrialPruner;
  /** The resource hyperparameter (e.g. `max_iter`) and the value every trial runs with. */
  resource: { name: string; max: number };
  /** Trials print an intermediate objective every this many resource units. */
  checkpointEvery: number;
}

/** The proposing side of a study. */
export interface TrialSearch {
  /** Proposes trials. */
  sampler: Sampler;
  /** Hyperband's pruner, for the `hyperband` strategy. */
  pruning?: PruningSchedule;
  /** Completed trials of an earlier study that seed the sampler (negative trial numbers). */
  warmStart: ObservedTrial[];
  /** Configurations a fresh study runs first, as trials 1, 2, … */
  initialTrials: TrialParams[];
}

/**
 * Prepares the search of a study: checks the initial trials against the space and reads the warm start.
 * @param definition the study
 * @param options initial configurations and an earlier tuning folder
 * @returns sampler, pruning schedule, warm start and initial trials
 * @throws {UsageError} an initial trial outside the space, a missing warm-start folder, Hyperband without a
 * resource, a grid too large
 */
export async function prepareTrialSearch(
  definition: StudyDefinition,
  options: { initialTrials?: TrialParams[]; warmStartDir?: string },
): Promise<TrialSearch> {
  const { space, strategy, seed, maxTrials } = definition;
  const initialTrials = options.initialTrials ?? [];
  for (const params of initialTrials) {
    const problems = paramsFitSpace(space, params);
    if (problems.length > 0) {
      throw new UsageError(
        `initial trial ${JSON.stringify(params)} does not fit the space: ${problems.join("; ")}`,
      );
    }
  }
  return {
    sampler: createSampler(strategy, space, seed, maxTrials),
    pruning: strategy === "hyperband" ? hyperbandSchedule(space) : undefined,
    warmStart: options.warmStartDir ? await _warmStartTrials(options.warmStartDir, space) : [],
    initialTrials,
  };
}

/**
 * Hyperband's schedule for a space: every trial runs with the full resource and prints about 10 intermediate
 * objectives; the pruner counts those reports.
 * @param space a space with a `resource`
 * @returns pruner, resource and checkpoint interval
 * @throws {UsageError} when the space has no resource
 */
export function hyperbandSchedule(space: SearchSpace): PruningSchedule {
  const resource = space.resource;
  if (!resource) throw new UsageError("hyperband needs a space with a `resource` (e.g. max_iter)");
  const checkpointEvery = Math.max(1, Math.round(resource.max / 10));
  return {
    pruner: createHyperbandPruner({
      maxResource: Math.ceil(resource.max / checkpointEvery),
      minResource: Math.max(1, Math.round((resource.min ?? 1) / checkpointEvery)),
    }),
    resource: { name: resource.name, max: resource.max },
    checkpointEvery,
  };
}

/** Trials of an earlier tuning folder that can seed the sampler (completed, inside this space). */
async function _warmStartTrials(dir: string, space: SearchSpace): Promise<ObservedTrial[]> {
  const path = `${dir}/trials.jsonl`;
  if (!(await exists(path))) {
    throw new UsageError(`--warm-start: ${path} not found (expected an earlier tuning folder)`);
  }
  const earlier = await readTrials(path);
  return earlier
    .filter((t) => t.status === "Completed" && t.objective !== null)
    .filter((t) => paramsFitSpace(space, t.params).length === 0)
    .map((t, index) => ({ trial: -(index + 1), params: t.params, objective: t.objective }));
}
