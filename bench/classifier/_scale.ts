/**
 * bench/classifier's scale measurement: `ade predict` on a file of 1,000,000 sentences (the test split's
 * sentences repeated, each row its own id), as a whole process under `/usr/bin/time`: wall time, peak
 * resident memory, and every output row checked to be there, in order.
 */

/** What one side's run of the scale file gave. */
export interface ScaleRun {
  /** Wall seconds of the whole process (start, read, score, write). */
  seconds: number;
  /** Peak resident memory (MiB), from `/usr/bin/time`'s maximum RSS. */
  peak_rss_mib: number;
  /** Rows per wall second. */
  sentences_per_second: number;
  /** Output rows written (must equal the input's). */
  output_rows: number;
}

/**
 * Writes `rows` JSONL rows `{"id": "s<n>", "text": …}` cycling through `texts`, unless the file is there.
 * @param path the file
 * @param texts sentences to repeat
 * @param rows how many rows
 */
export async function writeScaleFile(path: string, texts: readonly string[], rows: number) {
  try {
    const lines = await _countLines(path);
    if (lines === rows) return;
  } catch {
    // not there yet
  }
  const file = await Deno.open(`${path}.tmp`, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  try {
    let chunk = "";
    for (let i = 0; i < rows; i++) {
      chunk += JSON.stringify({ id: `s${i}`, text: texts[i % texts.length] }) + "\n";
      if (chunk.length > 1 << 20 || i === rows - 1) {
        const bytes = encoder.encode(chunk);
        let written = 0;
        while (written < bytes.length) written += await file.write(bytes.subarray(written));
        chunk = "";
      }
    }
  } finally {
    file.close();
  }
  await Deno.rename(`${path}.tmp`, path);
}

async function _countLines(path: string): Promise<number> {
  let lines = 0;
  const file = await Deno.open(path);
  for await (const chunk of file.readable) {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  }
  return lines;
}

/**
 * Runs `deno run -A [config] main.ts predict --model M --in IN --out OUT` under `/usr/bin/time` and checks
 * that OUT has one row per input row with the input's ids in order.
 * @param mainTs the CLI entry point (this commit's, or the baseline's)
 * @param extraArgs e.g. `--config deno.json` for the baseline
 * @param modelDir the model folder
 * @param inputPath the scale file
 * @param outputPath where the predictions go
 * @param rows rows in the scale file
 * @returns wall time, peak memory, throughput, rows written
 */
export async function runScale(
  mainTs: string,
  extraArgs: string[],
  modelDir: string,
  inputPath: string,
  outputPath: string,
  rows: number,
): Promise<ScaleRun> {
  const storeDir = await Deno.makeTempDir({ prefix: "ade-bench-scale-" });
  try {
    const result = await new Deno.Command("/usr/bin/time", {
      args: [
        "-f",
        "scale-time %e %M",
        Deno.execPath(),
        "run",
        "-A",
        ...extraArgs,
        mainTs,
        "predict",
        "--model",
        modelDir,
        "--in",
        inputPath,
        "--out",
        outputPath,
        "--store",
        `${storeDir}/ade.sqlite`,
      ],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(result.stderr);
    if (!result.success) {
      throw new Error(`predict on the scale file failed:\n${stderr.slice(-2000)}`);
    }
    const match = /scale-time ([\d.]+) (\d+)\s*$/.exec(stderr);
    if (!match) throw new Error(`no /usr/bin/time line in:\n${stderr.slice(-500)}`);
    const seconds = Number(match[1]);
    const outputRows = await _checkOutput(outputPath, rows);
    return {
      seconds,
      peak_rss_mib: Number(match[2]) / 1024,
      sentences_per_second: rows / seconds,
      output_rows: outputRows,
    };
  } finally {
    await Deno.remove(storeDir, { recursive: true });
  }
}

/** Every output row is `{"id": "s<n>", …}` for n = 0, 1, 2, … in order; returns the count. */
async function _checkOutput(path: string, rows: number): Promise<number> {
  let count = 0;
  let rest = "";
  const decoder = new TextDecoder();
  const file = await Deno.open(path);
  for await (const chunk of file.readable) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      if (line.trim() === "") continue;
      const id = (JSON.parse(line) as { id: string }).id;
      if (id !== `s${count}`) throw new Error(`${path}: row ${count + 1} has id ${id}`);
      count++;
    }
  }
  if (rest.trim() !== "") count++;
  if (count !== rows) throw new Error(`${path}: ${count} rows for ${rows} inputs`);
  await Deno.remove(path);
  return count;
}
