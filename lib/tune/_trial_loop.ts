/**
 * The study's loop for executors that run single trials: ask the sampler for trial n, run it (`parallel` at
 * a time), report its intermediate values to the pruner, record it. Proposals must not depend on which
 * running trial happens to finish first: trial n sees exactly the trials numbered up to n − parallel (waiting
 * for them when needed), so a study is reproducible for a seed at any `parallel`.
 */
import type { ObservedTrial } from "./sampler.ts";
import type { TrialParams } from "./space.ts";
import { INTERRUPTED, type TrialRecord } from "./trials.ts";
import type {
  FinishedTrial,
  StudyDefinition,
  TrialExecutor,
  TrialRun,
  ValidationFolds,
} from "./tuning_executor.ts";
import type { TrialSearch } from "./_trial_search.ts";

/** A trial waiting to run. */
interface _Proposal {
  trial: number;
  params: TrialParams;
}

/** The trials a study starts from, and the ones it must run before sampling. */
export interface TrialQueue {
  /** Earlier trials that stay (interrupted ones run again). */
  kept: TrialRecord[];
  /** Interrupted trials (same numbers and values), then a fresh study's initial trials. */
  queued: _Proposal[];
  /** The highest trial number used so far. */
  lastNumber: number;
}

/**
 * Plans where a study starts: interrupted trials of a resumed study run again with the same numbers and
 * values; a fresh study first runs the initial configurations.
 * @param earlier the trials recorded so far
 * @param initialTrials configurations for a fresh study
 * @returns what is kept, what is queued, and the last trial number
 */
export function planTrialQueue(
  earlier: readonly TrialRecord[],
  initialTrials: readonly TrialParams[],
): TrialQueue {
  const interrupted = earlier.filter((t) => t.status === "Stopped" && t.error === INTERRUPTED);
  const kept = earlier.filter((t) => !interrupted.includes(t));
  const queued = interrupted.map((t) => ({ trial: t.trial, params: t.params }));
  let lastNumber = earlier.reduce((max, t) => Math.max(max, t.trial), 0);
  if (lastNumber === 0) {
    for (const params of initialTrials) queued.push({ trial: ++lastNumber, params });
  }
  return { kept, queued, lastNumber };
}

/**
 * How many trials the study ends with: its budget, or fewer when the sampler runs out (a grid).
 * @param definition the study
 * @param search its sampler
 * @param queue where it starts
 * @param resume whether it continues earlier trials
 * @returns the number of trials
 */
export function plannedTrialCount(
  definition: StudyDefinition,
  search: TrialSearch,
  queue: TrialQueue,
  resume: boolean,
): number {
  return Math.min(definition.maxTrials, search.sampler.capacity + (resume ? queue.kept.length : 0));
}

/** What {@link runTrialLoop} works with. */
export interface TrialLoopInput {
  /** The study. */
  definition: StudyDefinition;
  /** The validation split. */
  folds: ValidationFolds;
  /** Runs each trial. */
  executor: TrialExecutor;
  /** Sampler, pruner, warm start. */
  search: TrialSearch;
  /** Where the study starts. */
  queue: TrialQueue;
  /** Trials in the study when the loop ends. */
  total: number;
  /** The trials recorded so far (grows as `record` is called). */
  trials: () => readonly TrialRecord[];
  /** Records a finished trial; the loop waits for it before the trial counts as done. */
  record: (finished: FinishedTrial) => Promise<void>;
  /** Extra arguments of each trial's command, by trial number. */
  trialArgs?: (trial: number) => string[];
  /** Aborting stops the loop: running trials end, no new ones start. */
  signal: AbortSignal;
  /** Aborts `signal` (when a trial or the recorder fails, the other running trials are stopped). */
  abort: () => void;
}

/**
 * Runs trials until the study has `total` of them or is aborted.
 * @param input the study, its search, executor and recorder
 * @throws whatever the executor or the recorder throws, after the other running trials have been stopped
 */
export async function runTrialLoop(input: TrialLoopInput): Promise<void> {
  const running = new Map<number, Promise<void>>();
  try {
    await _launchTrials(input, running);
  } catch (error) {
    input.abort();
    await Promise.allSettled(running.values());
    throw error;
  }
}

async function _launchTrials(
  input: TrialLoopInput,
  running: Map<number, Promise<void>>,
): Promise<void> {
  const { definition, signal } = input;
  const queued = [...input.queue.queued];
  let lastNumber = input.queue.lastNumber;
  let launched = input.queue.kept.length;
  const waitForOne = () => Promise.race(running.values());
  while (!signal.aborted) {
    while (running.size < definition.parallel && launched < input.total && !signal.aborted) {
      let next = queued.shift();
      if (!next) {
        lastNumber++;
        const visibleUpTo = lastNumber - definition.parallel;
        while ([...running.keys()].some((number) => number <= visibleUpTo)) await waitForOne();
        if (signal.aborted) break;
        const params = input.search.sampler.suggest(
          lastNumber,
          _observed(input.search.warmStart, input.trials(), visibleUpTo),
        );
        next = { trial: lastNumber, params };
      }
      launched++;
      const { trial } = next;
      const run = _trialRun(next, input, signal);
      const promise = input.executor.runTrial(run, definition, input.folds)
        .then(input.record)
        .finally(() => running.delete(trial));
      running.set(trial, promise);
    }
    if (running.size === 0) break;
    await waitForOne();
  }
  await Promise.all(running.values());
}

/** What the sampler sees: the warm start and the study's trials up to `visibleUpTo`. */
function _observed(
  warmStart: readonly ObservedTrial[],
  trials: readonly TrialRecord[],
  visibleUpTo: number,
): ObservedTrial[] {
  return [
    ...warmStart,
    ...trials.filter((t) => t.trial <= visibleUpTo).map((t) => ({
      trial: t.trial,
      params: t.params,
      objective: t.status === "Completed" ? t.objective : null,
    })),
  ];
}

/** A proposal as the executor runs it: full hyperparameters, and the pruner behind `report`. */
function _trialRun(
  proposal: _Proposal,
  { search, definition, trialArgs }: TrialLoopInput,
  signal: AbortSignal,
): TrialRun {
  const { trial, params } = proposal;
  const hyperparameters: TrialParams = { ...(definition.space.static ?? {}), ...params };
  const pruning = search.pruning;
  if (pruning) hyperparameters[pruning.resource.name] = pruning.resource.max;
  return {
    trial,
    params,
    hyperparameters,
    ...(pruning ? { checkpointEvery: pruning.checkpointEvery } : {}),
    report: (step, value) => pruning?.pruner.report(trial, step, value) ?? false,
    stopReason: (step) =>
      `stopped by hyperband at step ${step} (bracket ${pruning?.pruner.bracketOf(trial)})`,
    signal,
    ...(trialArgs ? { extraArgs: trialArgs(trial) } : {}),
  };
}
