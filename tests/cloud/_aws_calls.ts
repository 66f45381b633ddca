/**
 * Test helper: the SDK calls a piece of code sent, as `{operation, input}`, for validation against the AWS
 * service models — from an `aws-sdk-client-mock` mock or from a real client (e.g. one pointed at s3rver).
 */

/** One SDK command as sent: the API operation and the exact input object. */
export interface AwsCommandCall {
  /** Operation name, e.g. `CreateEndpoint` (the command class name without `Command`). */
  operation: string;
  /** The command's input. */
  input: unknown;
}

/** The operation of an SDK command object (`PutObjectCommand` → `PutObject`). */
export function operationOf(command: unknown): string {
  const name = (command as { constructor: { name: string } }).constructor.name;
  return name.replace(/Command$/, "");
}

/**
 * The calls an `aws-sdk-client-mock` mock received, in order.
 * @param mock a mock (anything with `calls()` returning sinon calls whose first argument is the command)
 * @returns operation and input of each call
 */
export function mockedCalls(
  mock: { calls(): Array<{ args: readonly unknown[] }> },
): AwsCommandCall[] {
  return mock.calls().map((call) => {
    const command = call.args[0] as { input: unknown };
    return { operation: operationOf(command), input: command.input };
  });
}

/**
 * Records every command a real SDK client sends (operation and the input as given, before the SDK adds
 * its own fields), by a middleware at the start of the `initialize` step.
 * @param client an SDK v3 client
 * @returns the list the calls are appended to
 */
export function recordSentCommands(
  client: {
    middlewareStack: {
      add(
        middleware: unknown,
        options: { step: "initialize"; priority: "high"; name: string },
      ): void;
    };
  },
): AwsCommandCall[] {
  const calls: AwsCommandCall[] = [];
  client.middlewareStack.add(
    (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) =>
    (args: { input: unknown }) => {
      calls.push({
        operation: (context.commandName ?? "Unknown").replace(/Command$/, ""),
        input: structuredClone(_withoutStreams(args.input)),
      });
      return next(args);
    },
    { step: "initialize", priority: "high", name: "recordSentCommandsForServiceModelTests" },
  );
  return calls;
}

/** A copy of the input that `structuredClone` accepts: streams become an empty Uint8Array marker. */
function _withoutStreams(input: unknown): unknown {
  if (input instanceof ReadableStream) return new Uint8Array();
  if (input === null || typeof input !== "object" || input instanceof Uint8Array) return input;
  if (Array.isArray(input)) return input.map(_withoutStreams);
  if (input instanceof Date) return input;
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).map(([k, v]) => [k, _withoutStreams(v)]),
  );
}
