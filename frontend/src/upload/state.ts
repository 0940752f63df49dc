// The life of one file's upload as an explicit state machine (`shared/state-machine.ts`): every
// change goes through `to()`, which throws on a transition the table does not allow, so a stray
// callback (a late progress event after cancel, a double completion) fails loudly in tests
// instead of corrupting what the user sees. A machine starts where its upload is: `idle` for a
// file just chosen, `complete` for one a re-shown form carries (no faked walk through uploading).

import {
  canTransition as allowedIn,
  StateMachine,
  type TransitionTable,
} from "../shared/state-machine.js";

export { IllegalTransition } from "../shared/state-machine.js";

export type UploadState =
  | "idle"
  | "uploading"
  | "retrying"
  | "paused"
  | "complete"
  | "error"
  | "cancelled";

/**
 * The allowed moves. `retrying` is the connection lost while the upload will carry on by itself
 * (the transport waits before its next attempt, or the browser is offline): never shown as a
 * failure. `complete -> cancelled` is removing a finished file from the form.
 */
export const TRANSITIONS: TransitionTable<UploadState> = {
  idle: ["uploading", "error", "cancelled"],
  uploading: ["retrying", "paused", "complete", "error", "cancelled"],
  retrying: ["uploading", "paused", "complete", "error", "cancelled"],
  paused: ["uploading", "complete", "cancelled"], // complete: the last byte beat the pause
  error: ["uploading", "retrying", "cancelled"],
  complete: ["cancelled"],
  cancelled: [],
};

export function canTransition(from: UploadState, to: UploadState): boolean {
  return allowedIn(TRANSITIONS, from, to);
}

export class UploadMachine extends StateMachine<UploadState> {
  /** Starts in `initial`; `onChange` hears every later move (never the start itself). */
  constructor(
    initial: UploadState = "idle",
    onChange: (from: UploadState, to: UploadState) => void = () => {},
  ) {
    super(TRANSITIONS, initial, { name: "dlw-upload", onChange });
  }

  /** Whether the form must wait for (or be kept from sending) this upload. */
  get busy(): boolean {
    return this.is("uploading", "retrying", "paused", "error");
  }
}
