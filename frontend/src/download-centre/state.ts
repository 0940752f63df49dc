// The one reducer that applies snapshots and single-download events, whatever transport brought them.
// Versions are the server's per-user counter: an event older than the state is dropped, and a gap
// (a download/removed event more than one step ahead) is applied; `hasGap` tells the caller to
// re-sync (the state itself carries no command).
import { ACTIVE_STATUSES } from "../shared/contract.js";
import type { Download, DownloadStatus, ServerEvent } from "./types.js";

export interface CentreState {
  /** The server version this state reflects; null before any versioned snapshot. */
  readonly version: number | null;
  /** Newest first. */
  readonly downloads: readonly Download[];
}

const ACTIVE: ReadonlySet<DownloadStatus> = new Set(ACTIVE_STATUSES);

/** Pending or running (the statuses of a job that still runs). */
export function isActive(download: Download): boolean {
  return ACTIVE.has(download.status);
}

/** Ready, failed or cancelled: what "Clear finished" clears. */
export function isFinished(download: Download): boolean {
  return !ACTIVE.has(download.status);
}

export function createState(
  downloads: readonly Download[] = [],
  version: number | null = null,
): CentreState {
  return { version, downloads: sortNewestFirst(downloads) };
}

function sortNewestFirst(downloads: readonly Download[]): Download[] {
  return [...downloads].sort(
    (a, b) => Date.parse(b.created) - Date.parse(a.created) || (a.key < b.key ? 1 : -1),
  );
}

/** Applies one server event; returns the same object when the event changes nothing. */
export function reduce(state: CentreState, event: ServerEvent): CentreState {
  const current = state.version;
  if (event.type === "snapshot") {
    if (current !== null && event.version < current) {
      return state; // an older response that arrived late
    }
    return createState(event.downloads, event.version);
  }
  if (current !== null && event.version <= current) {
    return state; // stale or duplicate
  }
  const others = state.downloads.filter(
    (d) => d.key !== (event.type === "download" ? event.download.key : event.key),
  );
  const downloads =
    event.type === "download" ? sortNewestFirst([event.download, ...others]) : others;
  return { version: event.version, downloads };
}

/**
 * Whether `event`, applied to `state`, skips versions (or the state has none yet): something may
 * have been missed, so the transport should fetch a fresh snapshot. Snapshots and stale events
 * never leave a gap.
 */
export function hasGap(state: CentreState, event: ServerEvent): boolean {
  const current = state.version;
  if (event.type === "snapshot") {
    return false;
  }
  return current === null || event.version > current + 1;
}

/** A download that moved into a new status between two states (new downloads count from "none"). */
export interface Transition {
  readonly download: Download;
  readonly from: DownloadStatus | null;
}

export function transitions(previous: CentreState, next: CentreState): Transition[] {
  const before = new Map(previous.downloads.map((d) => [d.key, d.status]));
  return next.downloads
    .filter((d) => before.get(d.key) !== d.status)
    .map((download) => ({ download, from: before.get(download.key) ?? null }));
}

/** The badge: running or pending jobs, plus ready files the user has not seen yet. */
export function badgeCount(state: CentreState, seen: ReadonlySet<string>): number {
  return state.downloads.filter((d) => isActive(d) || (d.status === "ready" && !seen.has(d.key)))
    .length;
}
