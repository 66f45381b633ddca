/** Classifies AWS SDK errors for idempotent deletes: "already gone" is success. */

/** True when `error` says the resource does not exist (SageMaker `ResourceNotFound`, "Could not find", S3 `NoSuchKey`/`NoSuchBucket`). */
export function isNotFoundError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.name;
  if (
    name === "ResourceNotFound" || name === "NoSuchKey" || name === "NoSuchBucket" ||
    name === "NotFound"
  ) {
    return true;
  }
  return name === "ValidationException" &&
    /could not find|does not exist|not found/i.test(error.message);
}

/** A short message of an unknown error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
