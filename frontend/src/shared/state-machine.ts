// An explicit state machine built from a transition table. Every change goes through `to()`, which
// throws `IllegalTransition` on a move the table does not list, so a stray callback (a late event
// after stop, a double completion) fails loudly in tests instead of corrupting what the user sees.

/** For each state, the states it may move to (an empty list: final). */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export class IllegalTransition<S extends string = string> extends Error {
  constructor(
    /** The machine's name, as given to `StateMachine` (e.g. "dlw poll transport"). */
    readonly machine: string,
    readonly from: S,
    readonly to: S,
  ) {
    super(`${machine}: cannot go from ${from} to ${to}`);
    this.name = "IllegalTransition";
  }
}

export interface MachineOptions<S extends string> {
  /** Names the machine in `IllegalTransition` messages. */
  name?: string;
  /** Called after every change. */
  onChange?: (from: S, to: S) => void;
}

/** Whether `table` allows `from -> to`. */
export function canTransition<S extends string>(
  table: TransitionTable<S>,
  from: S,
  to: S,
): boolean {
  return table[from].includes(to);
}

export class StateMachine<S extends string> {
  #state: S;
  readonly #table: TransitionTable<S>;
  readonly #name: string;
  readonly #onChange: ((from: S, to: S) => void) | undefined;

  /** Starts in `initial` (any state of the table, e.g. a restored "complete"). */
  constructor(table: TransitionTable<S>, initial: S, options: MachineOptions<S> = {}) {
    this.#table = table;
    this.#state = initial;
    this.#name = options.name ?? "state machine";
    this.#onChange = options.onChange;
  }

  get state(): S {
    return this.#state;
  }

  /** Whether the table allows moving from the current state to `next`. */
  can(next: S): boolean {
    return canTransition(this.#table, this.#state, next);
  }

  /** Whether the current state is one of `states`. */
  is(...states: readonly S[]): boolean {
    return states.includes(this.#state);
  }

  /** Moves to `next`; throws `IllegalTransition` when the table forbids it. */
  to(next: S): void {
    const from = this.#state;
    if (!this.can(next)) {
      throw new IllegalTransition(this.#name, from, next);
    }
    this.#state = next;
    this.#onChange?.(from, next);
  }
}
