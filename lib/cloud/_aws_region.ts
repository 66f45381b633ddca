/** Private: the AWS region a request goes to when none is given. */

/**
 * `explicit`, else `$AWS_REGION`, else `us-east-1`.
 * @param explicit the region given by the caller
 * @returns the region
 * @example
 * ```ts
 * import { awsRegion } from "./_aws_region.ts";
 * awsRegion("eu-west-1"); // "eu-west-1"
 * ```
 */
export function awsRegion(explicit?: string): string {
  return explicit ?? Deno.env.get("AWS_REGION") ?? "us-east-1";
}
