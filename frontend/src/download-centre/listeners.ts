// One owner for every listener, timer and resource the element sets up, so tear-down is one call.

export class Listeners {
  #disposers: (() => void)[] = [];

  on(
    target: EventTarget,
    type: string,
    listener: (event: Event) => void,
    options?: boolean | AddEventListenerOptions,
  ): void {
    target.addEventListener(type, listener, options);
    this.add(() => target.removeEventListener(type, listener, options));
  }

  add(dispose: () => void): void {
    this.#disposers.push(dispose);
  }

  dispose(): void {
    for (const dispose of this.#disposers.splice(0).reverse()) {
      dispose();
    }
  }
}
