/** Decoding settings sent with every generation call. */

/** Decoding settings sent with every generation request. */
export interface DecodingParameters {
  /** Sampling temperature (> 0). */
  temperature: number;
  /** Nucleus sampling mass in (0, 1]. */
  top_p: number;
  /** Upper bound of generated tokens per call. */
  max_new_tokens: number;
  /** Stop sequences (TGI accepts at most 4). */
  stop: string[];
  /** Sampling seed of this call, when the server supports one. */
  seed?: number;
}

/** Defaults for instruction-tuned Falcon models (7B/40B-instruct): sampled, varied, about 5 sentences. */
export const DEFAULT_DECODING: Readonly<DecodingParameters> = Object.freeze({
  temperature: 0.9,
  top_p: 0.95,
  max_new_tokens: 400,
  stop: ["\nUser:", "\n\n\n"],
});
