/** Test helper: an s3rver on loopback (port 0, temp dir) and an S3 client pointed at it. */
import S3rver from "s3rver";
import { S3Client } from "@aws-sdk/client-s3";

/** A running local S3 and a client that records the headers of every request it sends. */
export interface LocalS3 {
  client: S3Client;
  /** Headers of every request sent, with the operation's HTTP method and path. */
  sent: Array<{ method: string; path: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

/** Starts s3rver with `buckets` on 127.0.0.1:0 in a temporary folder. */
export async function startLocalS3(buckets: string[]): Promise<LocalS3> {
  const directory = await Deno.makeTempDir({ prefix: "ade-s3rver-" });
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = await server.run() as { port: number };
  const client = new S3Client({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${address.port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const sent: LocalS3["sent"] = [];
  client.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as {
        method: string;
        path: string;
        headers: Record<string, string>;
      };
      sent.push({ method: request.method, path: request.path, headers: { ...request.headers } });
      return next(args);
    },
    { step: "finalizeRequest", name: "captureHeaders" },
  );
  return {
    client,
    sent,
    async close() {
      client.destroy();
      await server.close();
      await Deno.remove(directory, { recursive: true }).catch(() => {});
    },
  };
}
