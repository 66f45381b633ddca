/** A loopback fake of an LLM server (TGI or OpenAI-compatible) that records requests and can fail first. */

/** A started fake server. */
export interface FakeLlmServer {
  url: string;
  /** Parsed JSON bodies of every request, in arrival order. */
  requests: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1:0. The first `failures` requests get HTTP `failureStatus`; later ones get
 * `answer(body, index)` as JSON.
 */
export function startFakeLlmServer(options: {
  path: string;
  answer: (body: Record<string, unknown>, index: number) => unknown;
  failures?: number;
  failureStatus?: number;
}): FakeLlmServer {
  const requests: FakeLlmServer["requests"] = [];
  let failuresLeft = options.failures ?? 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      const body = await request.json();
      requests.push({ path, body });
      if (path !== options.path) return new Response("not found", { status: 404 });
      if (failuresLeft > 0) {
        failuresLeft--;
        return new Response("busy", { status: options.failureStatus ?? 503 });
      }
      return Response.json(options.answer(body, requests.length - 1));
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}
