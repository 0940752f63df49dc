// One owner for every listener, timer and resource an element sets up while it is connected, so
// tear-down is one call: create it in `connectedCallback`, register everything through it, and
// call `dispose()` in `disconnectedCallback`. Disposers run in reverse order of registration.
import { browserClock, type Clock } from "./clock.js";

/** Undoes one registration; calling it again does nothing. */
export type Disposer = () => void;

export class Subscriptions {
  readonly #clock: Clock;
  readonly #disposers = new Set<Disposer>();

  /** `clock` runs the timers (a manual clock in tests). */
  constructor(clock: Clock = browserClock) {
    this.#clock = clock;
  }

  /** How many registrations are live (for tests: 0 after `dispose()`). */
  get size(): number {
    return this.#disposers.size;
  }

  /** `addEventListener` until disposed; the returned disposer removes this listener early. */
  on<K extends keyof HTMLElementEventMap>(
    target: HTMLElement,
    type: K,
    listener: (event: HTMLElementEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): Disposer;
  on<K extends keyof DocumentEventMap>(
    target: Document,
    type: K,
    listener: (event: DocumentEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): Disposer;
  on<K extends keyof WindowEventMap>(
    target: Window,
    type: K,
    listener: (event: WindowEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): Disposer;
  on(
    target: EventTarget,
    type: string,
    listener: (event: Event) => void,
    options?: boolean | AddEventListenerOptions,
  ): Disposer;
  on(
    target: EventTarget,
    type: string,
    listener: (event: Event) => void,
    options?: boolean | AddEventListenerOptions,
  ): Disposer {
    target.addEventListener(type, listener, options);
    return this.add(() => target.removeEventListener(type, listener, options));
  }

  /** Runs `callback` once after `ms`, unless disposed first; the disposer cancels it. */
  setTimeout(callback: () => void, ms: number): Disposer {
    const cancel = this.add(() => this.#clock.clearTimeout(id));
    const id = this.#clock.setTimeout(() => {
      cancel(); // fired: nothing left to clear
      callback();
    }, ms);
    return cancel;
  }

  /** Runs `callback` every `ms` (a chain of timeouts on the clock) until disposed or cancelled. */
  setInterval(callback: () => void, ms: number): Disposer {
    const clock = this.#clock;
    const tick = (): void => {
      id = clock.setTimeout(tick, ms);
      callback();
    };
    let id = clock.setTimeout(tick, ms);
    return this.add(() => clock.clearTimeout(id));
  }

  /** Registers any clean-up (a transport's `stop`, a channel's `close`, removing built nodes). */
  add(dispose: Disposer): Disposer {
    let done = false;
    const once: Disposer = () => {
      if (!done) {
        done = true;
        this.#disposers.delete(once);
        dispose();
      }
    };
    this.#disposers.add(once);
    return once;
  }

  /** Runs every disposer (newest first); the object can be used again afterwards. */
  dispose(): void {
    for (const dispose of [...this.#disposers].reverse()) {
      dispose();
    }
  }
}
