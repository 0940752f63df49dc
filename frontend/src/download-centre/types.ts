// The wire format shared by the JSON endpoints, the WebSocket and the server-rendered snapshot.
import { DOWNLOAD_STATUSES } from "../shared/contract.js";

/** `pending`, `running`, `ready`, `failed` or `cancelled` (the generated contract's list). */
export type DownloadStatus = (typeof DOWNLOAD_STATUSES)[number];

/** One download as the server serialises it (`downloads.serializers.download_json`). */
export interface Download {
  key: string;
  name: string;
  /** What the export contains (optional: older servers and custom JSON may omit it). */
  description?: string;
  filename: string;
  status: DownloadStatus;
  progress: number;
  error: string;
  size: number | null;
  content_type: string;
  /** Set only when the file is ready. */
  url: string | null;
  created: string;
  updated: string;
  /** When the job ended (ready, failed or cancelled); null while it runs. */
  finished?: string | null;
  expires: string | null;
}

/** The whole list at `version` (the list endpoint's body, or the socket's first message). */
export interface SnapshotEvent {
  type: "snapshot";
  version: number;
  downloads: Download[];
}

/** One download changed (created, progressed, finished). */
export interface DownloadEvent {
  type: "download";
  version: number;
  download: Download;
}

/** One download was cleared. */
export interface RemovedEvent {
  type: "removed";
  version: number;
  key: string;
}

export type ServerEvent = SnapshotEvent | DownloadEvent | RemovedEvent;

const STATUSES: ReadonlySet<unknown> = new Set(DOWNLOAD_STATUSES);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A structural check of untrusted JSON (a proxy's error page must not reach the reducer). */
export function isDownload(value: unknown): value is Download {
  return (
    isObject(value) &&
    typeof value.key === "string" &&
    typeof value.name === "string" &&
    STATUSES.has(value.status) &&
    typeof value.progress === "number" &&
    typeof value.created === "string"
  );
}

/** `{"version": N, "downloads": [...]}` with every download well formed. */
export function isSnapshotBody(
  value: unknown,
): value is { version: number; downloads: Download[] } {
  return (
    isObject(value) &&
    typeof value.version === "number" &&
    Array.isArray(value.downloads) &&
    value.downloads.every(isDownload)
  );
}

/** A socket frame's JSON as a ServerEvent, or null when it is not one (unknown types are ignored). */
export function parseServerEvent(value: unknown): ServerEvent | null {
  if (!isObject(value) || typeof value.version !== "number") {
    return null;
  }
  const { version } = value;
  if (value.type === "snapshot") {
    return isSnapshotBody(value) ? { type: "snapshot", version, downloads: value.downloads } : null;
  }
  if (value.type === "download") {
    return isDownload(value.download)
      ? { type: "download", version, download: value.download }
      : null;
  }
  if (value.type === "removed") {
    return typeof value.key === "string" ? { type: "removed", version, key: value.key } : null;
  }
  return null;
}
