/** Registers a custom element unless a tag of that name is already defined (e.g. loaded twice). */
export function defineElement(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) {
    customElements.define(name, ctor);
  }
}
