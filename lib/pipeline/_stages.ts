/** Runs the study's stages one after another with a progress line each; a failing stage names itself. */
import { AdeError } from "../core/mod.ts";

/** Prints stage progress. */
export type StageLog = (line: string) => void;

/** A stage runner: `await stage("tune", () => work())`. */
export type StageRunner = <T>(name: string, work: () => Promise<T>) => Promise<T>;

/**
 * Creates a stage runner for `stageCount` stages: prints `[i/n] name …` before and the time after each
 * stage, and turns a failure into an {@link AdeError} saying which stage failed, why, and that the
 * outputs of earlier stages are kept in `keptIn`.
 */
export function createStageRunner(stageCount: number, keptIn: string, log: StageLog): StageRunner {
  let index = 0;
  const studyStarted = performance.now();
  return async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    index++;
    const label = `[${index}/${stageCount}] ${name}`;
    const started = performance.now();
    log(`${label} …`);
    try {
      const value = await work();
      const stageSeconds = ((performance.now() - started) / 1000).toFixed(1);
      const studySeconds = ((performance.now() - studyStarted) / 1000).toFixed(0);
      log(`${label} done in ${stageSeconds} s (study so far ${studySeconds} s)`);
      return value;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AdeError(
        `stage "${name}" failed: ${reason}\noutputs of the earlier stages are kept in ${keptIn}`,
      );
    }
  };
}
