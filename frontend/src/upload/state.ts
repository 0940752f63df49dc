// The life of one file's upload as an explicit state machine. Every change goes through
// `UploadMachine.to()`, which throws on a transition the table does not allow, so a stray
// callback (a late progress event after cancel, a double completion) fails loudly in tests
// instead of corrupting what the user sees.

export type UploadState = "idle" | "uploading" | "paused" | "complete" | "error" | "cancelled";

/** The allowed moves. `complete -> cancelled` is removing a finished file from the form. */
export const TRANSITIONS: Readonly<Record<UploadState, readonly UploadState[]>> = {
  idle: ["uploading", "error", "cancelled"],
  uploading: ["paused", "complete", "error", "cancelled"],
  paused: ["uploading", "complete", "cancelled"], // complete: the last byte beat the pause
  error: ["uploading", "cancelled"],
  complete: ["cancelled"],
  cancelled: [],
};

export class IllegalTransition extends Error {
  constructor(
    readonly from: UploadState,
    readonly to: UploadState,
  ) {
    super(`dlw-upload: cannot go from ${from} to ${to}`);
    this.name = "IllegalTransition";
  }
}

export function canTransition(from: UploadState, to: UploadState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class UploadMachine {
  #state: UploadState = "idle";
  readonly #onChange: (from: UploadState, to: UploadState) => void;

  constructor(onChange: (from: UploadState, to: UploadState) => void = () => {}) {
    this.#onChange = onChange;
  }

  get state(): UploadState {
    return this.#state;
  }

  /** Moves to `next`; throws `IllegalTransition` when the table forbids it. */
  to(next: UploadState): void {
    const from = this.#state;
    if (!canTransition(from, next)) {
      throw new IllegalTransition(from, next);
    }
    this.#state = next;
    this.#onChange(from, next);
  }

  /** Whether the form must wait for (or be kept from sending) this upload. */
  get busy(): boolean {
    return this.#state === "uploading" || this.#state === "paused" || this.#state === "error";
  }
}
