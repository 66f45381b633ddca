/** `withGeneratorEndpoint` with the endpoint's life recorded in the experiment store. */
import {
  type GeneratorRuntimeOptions,
  type GeneratorUpOptions,
  withGeneratorEndpoint,
} from "../cloud/mod.ts";
import { ExperimentStore, type Recording } from "../track/mod.ts";
import { recordGeneratorUp } from "./record_generator_up.ts";

/**
 * Runs `work` with a generator endpoint (see `withGeneratorEndpoint`): brought up as a recorded
 * `generator` run (`recordGeneratorUp`: each resource recorded as it is created), always taken down,
 * and each deleted resource removed from the store, so that `cleanup` finds what is left, if anything.
 * @param options what `withGeneratorEndpoint` takes
 * @param recording the store and study run
 * @param work what to do with the endpoint (e.g. augmentation)
 * @returns what `work` returned
 * @throws what `work` or creation threw (after the endpoint was taken down)
 * @example
 * ```ts ignore
 * const rows = await withRecordedGeneratorEndpoint(options, { storePath }, (name) => augmentWith(name));
 * ```
 */
export async function withRecordedGeneratorEndpoint<T>(
  options: GeneratorUpOptions & GeneratorRuntimeOptions,
  recording: Recording,
  work: (endpointName: string) => Promise<T>,
): Promise<T> {
  const store = await ExperimentStore.open(recording.storePath);
  try {
    return await withGeneratorEndpoint({
      ...options,
      up: (upOptions) => recordGeneratorUp(upOptions, recording),
      // The up run records what it creates; taking down forgets each resource wherever it is recorded.
      resources: {
        created: () => {},
        removed: (type, name) => store.forgetResource(type, name),
      },
    }, work);
  } finally {
    store.close();
  }
}
