// The transport behind one file's upload, as a small interface so that tests inject a fake
// and the element never touches tus-js-client directly.

export interface UploadFailure {
  /** The HTTP status, or 0 when the request never got an answer. */
  status: number;
  /** The server's `detail` (JSON error body), when it sent one. */
  detail: string;
  /** The browser was offline: the upload carries on once it is back (not a failure). */
  offline?: boolean;
}

export interface TaskCallbacks {
  onProgress(bytesSent: number, bytesTotal: number): void;
  /** The upload finished; `token` is the `Dlw-Upload-Token` the form posts. */
  onSuccess(token: string): void;
  /** A request failed and the transport tries again by itself in `delay` ms. */
  onRetry(delay: number): void;
  /** Retries are exhausted, the error is not worth retrying, or the browser is offline. */
  onError(failure: UploadFailure): void;
}

export interface TaskOptions {
  file: File;
  endpoint: string;
  headers: Record<string, string>;
  chunkSize: number;
  retryDelays: number[];
  /**
   * The field the file is chosen in (its token input's name): part of the resume fingerprint,
   * so the same file chosen in two fields of a page is two uploads, never one shared.
   */
  scope: string;
  callbacks: TaskCallbacks;
}

export interface UploadTask {
  /** Starts, or resumes an upload of the same file stored by an earlier page. */
  start(): void;
  /** Stops sending; the server keeps what it received. */
  pause(): Promise<void>;
  /** Stops and deletes the upload on the server. */
  cancel(): Promise<void>;
}

export type TaskFactory = (options: TaskOptions) => UploadTask;

/** Delays between automatic retries (ms); past the last one the upload fails visibly. */
export const RETRY_DELAYS = [0, 1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000];
export const CHUNK_SIZE = 8 * 1024 * 1024;
