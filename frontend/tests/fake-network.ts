// A scripted `fetch` for unit tests: every call is recorded, and `respond` answers it.
import type { Download } from "../src/download-centre/types.js";

export interface Call {
  url: string;
  init: RequestInit;
}

export class FakeNetwork {
  calls: Call[] = [];
  respond: (call: Call) => Response | Promise<Response> = () => new Response(null, { status: 304 });

  fetch = (url: string, init: RequestInit): Promise<Response> => {
    const call = { url, init };
    this.calls.push(call);
    return Promise.resolve().then(() => this.respond(call));
  };
}

export function listResponse(
  version: number,
  downloads: Download[],
  etag = `"v${version}"`,
): Response {
  return new Response(JSON.stringify({ version, downloads }), {
    status: 200,
    headers: { "Content-Type": "application/json", ETag: etag },
  });
}
