/**
 * A recorded local tuning study whose process dies abruptly (`Deno.exit`, no cleanup runs) the moment trial
 * `K` has finished: `deno run -A tests/record/_crashing_study.ts DIR K`. The study writes `DIR/tune/` and
 * `DIR/ade.sqlite` under run id `crashed`.
 */
import { recordTuningStudy } from "../../lib/record/mod.ts";
import { createLocalExecutor, localSpace } from "../../lib/tune/mod.ts";
import { fakeTrainCommand, writeTinyTrainFile } from "../tune/_fixtures.ts";

const [dir, k] = Deno.args;
const trainPath = await writeTinyTrainFile(dir);
await recordTuningStudy({
  trainPath,
  outDir: `${dir}/tune`,
  space: localSpace(),
  strategy: "random",
  maxTrials: 6,
  seed: 3,
  quiet: true,
  executor: createLocalExecutor({ trialCommand: fakeTrainCommand() }),
  onTrial: (trial) => {
    if (trial.trial === Number(k)) Deno.exit(9);
  },
}, { storePath: `${dir}/ade.sqlite`, runId: "crashed" });
