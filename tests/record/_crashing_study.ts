/**
 * A recorded local tuning study whose process dies abruptly (`Deno.exit`, no cleanup runs) the moment trial
 * `K` has finished: `deno run -A tests/record/_crashing_study.ts DIR K`. The study writes `DIR/tune/` and
 * `DIR/ade.sqlite` under run id `crashed`.
 */
import { recordTuningStudy } from "../../lib/record/mod.ts";
import { createLocalExecutor } from "../../lib/tune/mod.ts";
import { fakeTrainCommand, smallStudy, writeTinyTrainFile } from "../tune/_fixtures.ts";

const [dir, k] = Deno.args;
const study = smallStudy(dir, await writeTinyTrainFile(dir), {
  maxTrials: 6,
  executor: createLocalExecutor({ trialCommand: fakeTrainCommand() }),
  // Dies the moment trial K is done: no finally block, no store.close().
  onTrial: (trial) => trial.trial === Number(k) && Deno.exit(9),
});
await recordTuningStudy(study, { storePath: `${dir}/ade.sqlite`, runId: "crashed" });
