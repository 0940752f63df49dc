// The real transport: tus-js-client. Resuming after a reload uses its fingerprint store
// (localStorage), which it clears once an upload has finished.
import { type DetailedError, Upload } from "tus-js-client";
import { UPLOAD_TOKEN_HEADER } from "../shared/contract.js";
import type { TaskOptions, UploadFailure, UploadTask } from "./task.js";

function isOffline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

function statusOf(error: Error | DetailedError): number {
  const response = "originalResponse" in error ? error.originalResponse : null;
  return response?.getStatus() ?? 0;
}

/**
 * What tus-js-client retries by default (no answer, a 5xx, a 409 or a 423), and a 429: the
 * server's cap on one user's uploads at once, which frees up as the other uploads finish.
 */
export function isRetryable(status: number): boolean {
  return status < 400 || status >= 500 || status === 409 || status === 423 || status === 429;
}

/** The wait before retry `attempt`: the planned delay, or longer when `Retry-After` says so. */
export function retryDelay(delays: number[], attempt: number, retryAfter: string | null): number {
  const seconds = Number(retryAfter ?? "");
  const asked = retryAfter && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
  return Math.max(delays[attempt] ?? 0, asked);
}

function retryAfterOf(error: Error | DetailedError): string | null {
  const response = "originalResponse" in error ? error.originalResponse : null;
  return response?.getHeader("Retry-After") ?? null;
}

function failureOf(error: Error | DetailedError): UploadFailure {
  const response = "originalResponse" in error ? error.originalResponse : null;
  if (!response) {
    return { status: 0, detail: "", offline: isOffline() };
  }
  let detail = "";
  try {
    const body: unknown = JSON.parse(response.getBody() || "null");
    if (typeof body === "object" && body !== null && "detail" in body) {
      detail = String(body.detail);
    }
  } catch {
    // Not JSON: keep the status only.
  }
  return { status: response.getStatus(), detail };
}

export function createTusTask(options: TaskOptions): UploadTask {
  const { callbacks } = options;
  let token = "";
  const upload = new Upload(options.file, {
    endpoint: options.endpoint,
    headers: options.headers,
    chunkSize: options.chunkSize,
    retryDelays: [...options.retryDelays], // its own copy: a retry may lengthen a delay
    metadata: { filename: options.file.name, filetype: options.file.type },
    // tus-js-client's own fingerprint (name, type, size, modification time, endpoint) plus the
    // field, so that two widgets of one page never resume the same upload.
    fingerprint: (file: File) =>
      Promise.resolve(
        [
          "dlw",
          options.scope,
          file.name,
          file.type,
          file.size,
          file.lastModified,
          options.endpoint,
        ].join("-"),
      ),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onProgress: (sent, total) => callbacks.onProgress(sent, total),
    // tus-js-client asks this only while attempts are left; saying when the next one comes
    // lets the widget show "retrying in N s" instead of a failure. Offline, it stops and the
    // widget restarts it when the browser is back online.
    onShouldRetry: (error, attempt, opts) => {
      if (!isRetryable(statusOf(error)) || isOffline()) {
        return false;
      }
      const delays = opts.retryDelays ?? [];
      delays[attempt] = retryDelay(delays, attempt, retryAfterOf(error)); // read next by tus-js-client
      callbacks.onRetry(delays[attempt] ?? 0);
      return true;
    },
    onAfterResponse: (_request, response) => {
      token = response.getHeader(UPLOAD_TOKEN_HEADER) || token;
    },
    onSuccess: () => {
      if (token) {
        callbacks.onSuccess(token);
      } else {
        callbacks.onError({ status: 0, detail: `${UPLOAD_TOKEN_HEADER} missing` });
      }
    },
    onError: (error) => callbacks.onError(failureOf(error)),
  });
  return {
    start() {
      upload
        .findPreviousUploads()
        .then((previous) => {
          const [latest] = previous;
          if (latest) {
            upload.resumeFromPreviousUpload(latest);
          }
        })
        .catch(() => {
          // No storage: start from scratch.
        })
        .finally(() => upload.start());
    },
    pause: () => upload.abort(false),
    cancel: () => upload.abort(true),
  };
}
