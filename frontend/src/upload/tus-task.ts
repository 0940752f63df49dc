// The real transport: tus-js-client. Resuming after a reload uses its fingerprint store
// (localStorage), which it clears once an upload has finished.
import { type DetailedError, Upload } from "tus-js-client";
import { UPLOAD_TOKEN_HEADER } from "../shared/contract.js";
import type { TaskOptions, UploadFailure, UploadTask } from "./task.js";

function failureOf(error: Error | DetailedError): UploadFailure {
  const response = "originalResponse" in error ? error.originalResponse : null;
  if (!response) {
    return { status: 0, detail: "" };
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
    retryDelays: options.retryDelays,
    metadata: { filename: options.file.name, filetype: options.file.type },
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onProgress: (sent, total) => callbacks.onProgress(sent, total),
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
