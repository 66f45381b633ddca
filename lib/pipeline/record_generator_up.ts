/** The generator endpoint brought up as a recorded `generator` run. */
import {
  buildGeneratorPlan,
  type GeneratorPlan,
  type GeneratorRuntimeOptions,
  generatorUp,
  type GeneratorUpOptions,
} from "../cloud/mod.ts";
import { type Recording, recordRun } from "../track/mod.ts";

/**
 * Brings the generator endpoint up (see `generatorUp`) as a run of kind `generator` named `up`: the
 * model, endpoint name and instance type as params, each resource recorded as soon as it exists, the
 * hourly cost estimate as a metric once the endpoint is in service.
 * @param options what `generatorUp` takes (its `resources` are the run's)
 * @param recording the store and study run (default: the options' run id)
 * @returns the plan that was executed
 * @throws {PreflightError} for a bad plan (nothing recorded); what `generatorUp` throws (recorded)
 * @example
 * ```ts ignore
 * await recordGeneratorUp({ model: "tiiuae/falcon-7b-instruct", endpointName: "ade-falcon", ... },
 *   { storePath: "runs/ade.sqlite" });
 * ```
 */
export async function recordGeneratorUp(
  options: GeneratorUpOptions & GeneratorRuntimeOptions,
  recording: Recording,
): Promise<GeneratorPlan> {
  const plan = buildGeneratorPlan(options);
  return await recordRun(recording.storePath, {
    kind: "generator",
    runId: recording.runId ?? options.runId,
    name: "up",
    params: {
      model: options.model,
      endpointName: plan.endpointName,
      instanceType: plan.instanceType,
    },
  }, async ({ resources }) => {
    const executed = await generatorUp({ ...options, resources });
    return {
      value: executed,
      metrics: executed.hourlyCostUsd !== undefined
        ? { hourly_cost_usd_estimate: executed.hourlyCostUsd }
        : {},
    };
  });
}
