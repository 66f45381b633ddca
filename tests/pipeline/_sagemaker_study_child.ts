/**
 * Child process of the Ctrl-C test: the SageMaker study run, wired to SIGINT as `ade pipeline` wires it
 * (`withInterruptSignal`), against a world whose two training jobs never finish. It prints the run's lines
 * on stdout (the parent sends SIGINT when the tuning progress shows two jobs running), then one line
 * `FINAL {...}` with the error, the fake SageMaker's state, what is left in S3 and whether every request
 * passed the service models, and exits with the error's exit code.
 */
import { AdeError } from "../../lib/core/mod.ts";
import { withInterruptSignal } from "../../lib/cli/interrupt_signal.ts";
import { runSageMakerStudy } from "../../lib/pipeline/mod.ts";
import { SEED_MODEL_NAMES } from "../../lib/tune/space.ts";
import { mockedCalls } from "../cloud/_aws_calls.ts";
import { formatViolations, validateRequests } from "../cloud/_aws_service_model.ts";
import { startSageMakerWorld } from "./_sagemaker_world.ts";

// Never-ending training jobs: only Ctrl-C ends this run. A safety net ends the child after very many
// polls (counted, not timed), so a broken signal path fails the test instead of hanging it.
const world = await startSageMakerWorld({
  trainingJobs: [{ statuses: ["InProgress"] }, { statuses: ["InProgress"] }],
}, { preStaged: SEED_MODEL_NAMES });
const safetyNet = setInterval(() => {
  const steps = [...world.fake.tuningJobs.values()].reduce((sum, job) => sum + job.step, 0);
  if (steps > 100_000) Deno.exit(3);
}, 1000);
let error = "";
let exitCode = 0;
try {
  await withInterruptSignal("interrupted", (signal) =>
    runSageMakerStudy(world.options({
      log: (line) => console.log(line),
      signal,
    })));
} catch (caught) {
  error = (caught as Error).message;
  exitCode = caught instanceof AdeError ? caught.exitCode : 1;
}
clearInterval(safetyNet);
const calls = [
  ...mockedCalls(world.fake.sagemaker),
  ...mockedCalls(world.fake.runtime),
  ...world.sentToS3,
];
console.log(`FINAL ${
  JSON.stringify({
    error,
    state: world.fake.snapshot(),
    events: world.fake.events,
    runKeys: await world.keys("ade/study-e2e-1/"),
    stagedKeys: (await world.keys("ade/models/")).length,
    invalidRequests: formatViolations(await validateRequests(calls, "interrupted run"))
      .split("\n").filter((line) => line !== ""),
  })
}`);
await world.close();
Deno.exit(exitCode);
