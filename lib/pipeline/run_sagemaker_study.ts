/**
 * The study on SageMaker, for real (`deno task pipeline --backend sagemaker` without `--dry-run`), with the
 * user's credentials (the SDK's default provider chain): prepare the split → stage the base models that are
 * missing from the `models` prefix → upload and tune (progress: training jobs done / running / failed, best
 * F1 so far) → deploy the best training job's model → a smoke invocation → cleanup when `sagemaker.cleanup`
 * is true. When a step fails, or on Ctrl-C (the signal aborts), everything the run created is torn down
 * (tuning job stopped and waited for, endpoint, config, model and the run's S3 prefix deleted) before the
 * error is reported; staged base models are shared by runs and stay.
 */
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { S3Client } from "@aws-sdk/client-s3";
import {
  type BestModelArtifact,
  buildDeploymentPlan,
  type CleanupReport,
  cleanupRun,
  deferredBestModelArtifact,
  deployEndpoint,
  formatCleanupReport,
  formatHourlyCost,
  readStagedModel,
  resolveBestModelArtifact,
  stageModel,
  type WaitForEndpointOptions,
} from "../cloud/mod.ts";
import { AdeError } from "../core/mod.ts";
import { readRows } from "../data/mod.ts";
import {
  createSageMakerExecutor,
  resolveStudyDefinition,
  type TuningJobProgress,
  type TuningStudyOptions,
} from "../tune/mod.ts";
import { recordTuningStudy } from "../record/mod.ts";
import { invokeEndpoint } from "../serve/mod.ts";
import { recordRun } from "../track/mod.ts";
import type { StudyOptions } from "./run_study.ts";
import { prepareRunSplit, recordPipelineRun, runFolder } from "./_run_folder.ts";
import {
  sageMakerStudySettings,
  studyDeploymentOptions,
  studyTuningOptions,
} from "./_sagemaker_study_settings.ts";
import { createStageRunner } from "./_stages.ts";

/**
 * Options of {@link runSageMakerStudy}: those of the local study (`sagemaker.*` of the configuration names
 * the account's role, bucket and key; aborting the signal stops the tuning job, tears down what the run
 * created and ends with exit code 130), plus the clients and timings.
 */
export interface SageMakerStudyOptions extends StudyOptions {
  /** SDK clients (default: new ones for the region, credentials from the default provider chain). */
  clients?: { sagemaker?: SageMakerClient; s3?: S3Client; runtime?: SageMakerRuntimeClient };
  /** Seconds between polls of the tuning job (default 60). */
  pollSeconds?: number;
  /** The endpoint waiter's timing (default: 15 s doubling to 60 s, up to 60 minutes). */
  endpointWait?: Pick<WaitForEndpointOptions, "initialDelayMs" | "maxDelayMs" | "timeoutMs">;
  /** Where base models come from when they must be staged (default: the Hugging Face hub). */
  hub?: { hubUrl?: string; fetch?: typeof fetch; cacheDir?: string };
  /** Sentences of the test split sent in the smoke invocation (default 8; never logged). */
  smokeTexts?: number;
}

/** What {@link runSageMakerStudy} did. */
export interface SageMakerStudyOutcome {
  /** Study run id (tags, S3 prefix, store). */
  runId: string;
  /** Folder of the local outputs (split, tuning trials). */
  runDir: string;
  /** The experiment store. */
  storePath: string;
  /** Base models: staged now, or found staged. */
  stagedModels: Array<{ hubId: string; alreadyStaged: boolean }>;
  /** The tuning job and how it ended. */
  tuning: { jobName: string; status: string; trials: number; progress?: TuningJobProgress };
  /** The deployed model. */
  best: BestModelArtifact;
  /** The endpoint that served the smoke invocation. */
  endpointName: string;
  /** The smoke invocation (counts only). */
  smokeTest: { texts: number; predictions: number; adverseEvents: number; latencyMs: number };
  /** The cleanup report when `sagemaker.cleanup` is true, else undefined (everything kept). */
  cleanup?: CleanupReport;
}

const STAGE_COUNT = 7;

/**
 * Runs the study on SageMaker.
 * @param options configuration, output folder, run id, clients, signal
 * @returns what was staged, tuned, deployed, invoked and cleaned up
 * @throws {AdeError} naming the failed step (a request that breaks a SageMaker rule fails the first step,
 *   before anything is created or uploaded), after tearing down what the run created (exit code 130 when
 *   interrupted)
 * @example The whole study on SageMaker (needs AWS; not run as a doc test)
 * ```ts ignore
 * const { config } = await loadConfig("ade.config.json");
 * const outcome = await runSageMakerStudy({ config });
 * console.log(outcome.best.s3Uri, outcome.smokeTest);
 * ```
 */
export async function runSageMakerStudy(
  options: SageMakerStudyOptions,
): Promise<SageMakerStudyOutcome> {
  const { config } = options;
  const sm = config.sagemaker;
  const folder = runFolder(options);
  const { runId, runDir, storePath, log } = folder;
  const signal = options.signal ?? new AbortController().signal;
  const sagemaker = options.clients?.sagemaker ?? new SageMakerClient({ region: sm.region });
  const s3 = options.clients?.s3 ?? new S3Client({ region: sm.region });
  const runtime = options.clients?.runtime ?? new SageMakerRuntimeClient({ region: sm.region });
  const settings = await sageMakerStudySettings(config, runId);
  await Deno.mkdir(runDir, { recursive: true });
  log(`study ${runId} on SageMaker (${sm.region}): outputs in ${runDir}, store ${storePath}`);

  const teardown = async (reason: string): Promise<CleanupReport> => {
    log(`tearing down what run ${runId} created (${reason}) …`);
    const report = await cleanupRun({
      storePath,
      runId,
      backend: "sagemaker",
      region: sm.region,
      sagemakerFor: () => sagemaker,
      s3For: () => s3,
      // Stopped jobs may still upload artifacts: cleanup waits for them before deleting the prefix.
      wait: {
        onProgress: (message) => log(`  ${message}`),
        ...(options.pollSeconds !== undefined ? { pollMs: options.pollSeconds * 1000 } : {}),
      },
    });
    for (const line of formatCleanupReport(report).split("\n")) log(`  ${line}`);
    return report;
  };
  const interrupted = () => signal.aborted;
  const stopIfInterrupted = () => {
    if (interrupted()) throw new AdeError("interrupted (Ctrl-C)", 130);
  };

  return await recordPipelineRun(folder, "sagemaker-study", {
    config,
    config_file: options.configFile ?? null,
    backend: "sagemaker",
  }, async () => {
    const stage = createStageRunner(STAGE_COUNT, runDir, log);
    let lastProgress: TuningJobProgress | undefined;
    const executor = createSageMakerExecutor({
      ...settings.tuning,
      sagemaker,
      s3,
      pollSeconds: options.pollSeconds ?? 60,
      onProgress: (progress) => {
        if (_progressLine(progress) !== _progressLine(lastProgress)) {
          log(`  ${_progressLine(progress)}`);
        }
        lastProgress = progress;
      },
    });
    const study = (trainPath: string): TuningStudyOptions => ({
      ...studyTuningOptions(config, settings, runId, trainPath, `${runDir}/tune`),
      signal,
      quiet: true,
      executor,
    });
    const deployment = (modelSource: string) =>
      studyDeploymentOptions(config, settings, runId, modelSource);
    try {
      await stage(
        "preflight: the tuning job and the deployment against SageMaker's rules",
        async () => {
          // Only names and URIs are checked here: nothing is written, uploaded or created yet.
          const definition = resolveStudyDefinition(study(`${runDir}/data/train.jsonl`));
          for (const warning of await executor.check(definition)) log(`  note: ${warning}`);
          await buildDeploymentPlan(
            deployment(deferredBestModelArtifact(settings.tuningJobName).standIn),
          );
        },
      );
      const prepared = await stage(
        "prepare: load, validate, de-duplicate, split",
        () => prepareRunSplit(config, folder, options.quiet),
      );
      stopIfInterrupted();

      const stagedModels = await stage(
        `stage: the ${settings.hubIds.length} base models under ${settings.modelsS3Uri}`,
        async () => {
          const staged: SageMakerStudyOutcome["stagedModels"] = [];
          for (const hubId of settings.hubIds) {
            stopIfInterrupted();
            const { bucket, prefix } = settings.models;
            if (await readStagedModel(s3, bucket, hubId, prefix)) {
              log(`  ${hubId}: already staged`);
              staged.push({ hubId, alreadyStaged: true });
              continue;
            }
            const result = await stageModel({
              model: hubId,
              bucket,
              prefix,
              kmsKeyId: sm.kms_key_id,
              region: sm.region,
              s3,
              ...(options.hub?.hubUrl ? { hubUrl: options.hub.hubUrl } : {}),
              ...(options.hub?.fetch ? { fetch: options.hub.fetch } : {}),
              ...(options.hub?.cacheDir ? { cacheDir: options.hub.cacheDir } : {}),
              log: (line) => log(`  ${line}`),
              quiet: options.quiet,
            });
            log(
              `  ${hubId}: staged ${result.uploadedFiles} files at commit ${result.manifest.commit}`,
            );
            staged.push({ hubId, alreadyStaged: result.alreadyStaged });
          }
          return staged;
        },
      );
      stopIfInterrupted();

      const tuningStudy = await stage(
        `tune: ${config.tune.strategy}, ${config.tune.max_trials} training jobs, ` +
          `${config.tune.parallel} at once on ${sm.training_instance_type}`,
        async () => {
          const result = await recordTuningStudy(study(prepared.trainPath), { storePath, runId });
          stopIfInterrupted();
          if (result.status !== "Completed") {
            throw new AdeError(
              `tuning job ${settings.tuningJobName} ended ${result.status ?? "without a status"}` +
                (lastProgress ? ` (${_progressLine(lastProgress)})` : ""),
            );
          }
          return result;
        },
      );

      const best = await stage(
        `deploy: the best training job's model behind ${settings.endpointName}`,
        async () => {
          const artifact = await resolveBestModelArtifact(sagemaker, settings.tuningJobName);
          log(
            `  best training job ${artifact.trainingJobName}` +
              (artifact.objective
                ? ` (${artifact.objective.name} ${artifact.objective.value.toFixed(4)})`
                : "") +
              `: ${artifact.s3Uri}`,
          );
          const plan = await buildDeploymentPlan(deployment(artifact.s3Uri));
          log(`  cost: ${formatHourlyCost(plan.instanceType!, plan.instanceCount)} while it runs`);
          await recordRun(storePath, {
            kind: "deploy",
            runId,
            name: plan.endpointName,
            params: { endpointName: plan.endpointName, model: artifact.s3Uri },
          }, async ({ resources }) => {
            const deployed = await deployEndpoint(plan, {
              sagemaker,
              resources,
              wait: {
                ...options.endpointWait,
                sleep: (ms) => _abortableSleep(ms, signal),
                onProgress: (status, elapsedMs) =>
                  log(
                    `  endpoint ${plan.endpointName}: ${status} (${
                      Math.round(elapsedMs / 1000)
                    } s)`,
                  ),
              },
            });
            return { value: deployed, metrics: {} };
          });
          return artifact;
        },
      );
      stopIfInterrupted();

      const smokeTest = await stage(
        `smoke: invoke ${settings.endpointName} with sentences of the test split`,
        async () => {
          const texts = (await readRows(prepared.testPath))
            .slice(0, options.smokeTexts ?? 8)
            .map((row) => row.text);
          const answer = await invokeEndpoint({
            endpoint: settings.endpointName,
            texts,
            region: sm.region,
            client: runtime,
          });
          const adverseEvents = answer.predictions.filter((p) =>
            p.label === "Adverse_Event"
          ).length;
          log(
            `  ${texts.length} sentences → ${answer.predictions.length} predictions ` +
              `(${adverseEvents} Adverse_Event) in ${answer.latencyMs.toFixed(0)} ms`,
          );
          return {
            texts: texts.length,
            predictions: answer.predictions.length,
            adverseEvents,
            latencyMs: answer.latencyMs,
          };
        },
      );
      stopIfInterrupted();

      const cleanup = await stage(
        sm.cleanup
          ? "cleanup: delete what the run created (sagemaker.cleanup is true)"
          : "cleanup: kept (sagemaker.cleanup is false)",
        async () => {
          if (!sm.cleanup) {
            log(
              `  endpoint ${settings.endpointName} keeps running (and costing) until ` +
                `\`deno task ade cleanup --run-id ${runId}\``,
            );
            return undefined;
          }
          const report = await teardown("done");
          if (report.remaining.length > 0) {
            throw new AdeError(
              `cleanup left ${report.remaining.length} resources: ` +
                report.remaining.map((e) => `${e.resource.type} ${e.resource.name}`).join(", "),
            );
          }
          return report;
        },
      );

      const outcome: SageMakerStudyOutcome = {
        runId,
        runDir,
        storePath,
        stagedModels,
        tuning: {
          jobName: settings.tuningJobName,
          status: tuningStudy.status ?? "Unknown",
          trials: tuningStudy.trials.length,
          ...(lastProgress ? { progress: lastProgress } : {}),
        },
        best,
        endpointName: settings.endpointName,
        smokeTest,
        ...(cleanup ? { cleanup } : {}),
      };
      return {
        value: outcome,
        metrics: {
          best_validation_f1: best.objective?.value ?? null,
          trials: tuningStudy.trials.length,
          smoke_predictions: smokeTest.predictions,
        },
        artifacts: { run_dir: runDir, model: best.s3Uri },
      };
    } catch (error) {
      const reason = interrupted() ? "interrupted" : "a step failed";
      let torn = "";
      try {
        const report = await teardown(reason);
        torn = report.remaining.length === 0
          ? "; everything the run created was torn down"
          : `; ${report.remaining.length} resources remain: run \`deno task ade cleanup --run-id ${runId}\``;
      } catch (cleanupError) {
        torn = `; teardown failed (${(cleanupError as Error).message}): run ` +
          `\`deno task ade cleanup --run-id ${runId}\``;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (interrupted()) throw new AdeError(`run ${runId} interrupted (Ctrl-C)${torn}`, 130);
      throw new AdeError(`${message}${torn}`, error instanceof AdeError ? error.exitCode : 1);
    }
  });
}

/** `tuning ade-…: InProgress — 3 done, 2 running, 1 failed; best F1 0.8123 (ade-…-003-…)`. */
function _progressLine(progress: TuningJobProgress | undefined): string {
  if (!progress) return "";
  const best = progress.best
    ? `; best F1 so far ${
      progress.best.objective === undefined ? "?" : progress.best.objective.toFixed(4)
    } (${progress.best.trainingJobName})`
    : "; no F1 yet";
  return `tuning ${progress.jobName}: ${progress.status} — ${progress.completed} done, ` +
    `${progress.running} running, ${progress.failed} failed` +
    (progress.stopped > 0 ? `, ${progress.stopped} stopped` : "") + best;
}

/** Sleeps `ms`, or rejects as soon as `signal` aborts (so a wait ends on Ctrl-C). */
function _abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AdeError("interrupted (Ctrl-C)", 130));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AdeError("interrupted (Ctrl-C)", 130));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
