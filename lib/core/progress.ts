/** Progress display for long work, on stderr: live in a terminal, a few plain lines otherwise. */

/** A running progress display. */
export interface Progress {
  /** Advances by `step` (default 1); `note` is shown after the counter (e.g. best-so-far). */
  tick(step?: number, note?: string): void;
  /** Sets the absolute position. */
  update(done: number, note?: string): void;
  /** Ends the display with a final line. */
  finish(note?: string): void;
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** Suppress all output (tests, `--quiet`). */
  silent?: boolean;
  /** Where to write; defaults to stderr. */
  write?: (line: string) => void;
}

function isTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

/**
 * Creates a progress display for `total` units of work (0 when unknown).
 * In a terminal it redraws one line; elsewhere (CI, notebooks) it prints at most every 10% or 5 s.
 * @example
 * ```ts
 * const progress = createProgress("train", 3, { silent: true });
 * progress.tick();
 * progress.finish("done");
 * ```
 */
export function createProgress(
  label: string,
  total: number,
  options: ProgressOptions = {},
): Progress {
  const live = !options.write && isTerminal();
  const encoder = new TextEncoder();
  const write = options.write ?? ((line: string) => {
    Deno.stderr.writeSync(encoder.encode(live ? `\r\x1b[2K${line}` : `${line}\n`));
  });
  const started = performance.now();
  let done = 0;
  let lastPrintedAt = -Infinity;
  let lastPrintedFraction = -1;
  const render = (note?: string): string => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const counter = total > 0
      ? `${done}/${total} (${Math.round((100 * done) / total)}%)`
      : `${done}`;
    return `[${label}] ${counter} ${seconds}s${note ? ` · ${note}` : ""}`;
  };
  const maybePrint = (note?: string) => {
    if (options.silent) return;
    const now = performance.now();
    const fraction = total > 0 ? done / total : 0;
    if (live || now - lastPrintedAt > 5000 || fraction - lastPrintedFraction >= 0.1) {
      write(render(note));
      lastPrintedAt = now;
      lastPrintedFraction = fraction;
    }
  };
  return {
    tick(step = 1, note?: string) {
      done += step;
      maybePrint(note);
    },
    update(position: number, note?: string) {
      done = position;
      maybePrint(note);
    },
    finish(note?: string) {
      if (options.silent) return;
      write(render(note ?? "done"));
      if (live) Deno.stderr.writeSync(encoder.encode("\n"));
    },
  };
}
