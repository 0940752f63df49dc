// The uploads the element holds, in the order they were added, each with its row in the list.
import type { UploadItem } from "./item.js";
import { ItemView, type ViewContext } from "./render.js";

export class UploadList {
  #items: UploadItem[] = [];
  readonly #views = new Map<UploadItem, ItemView>();

  constructor(
    readonly root: HTMLElement,
    private readonly context: ViewContext,
  ) {}

  get items(): readonly UploadItem[] {
    return this.#items;
  }

  /** The tokens of the finished uploads, in order. */
  get tokens(): string[] {
    return this.#items.filter((item) => item.state === "complete").map((item) => item.token);
  }

  add(item: UploadItem): void {
    const view = new ItemView(item, this.context);
    this.#items.push(item);
    this.#views.set(item, view);
    this.root.append(view.root);
  }

  view(item: UploadItem): ItemView | undefined {
    return this.#views.get(item);
  }

  remove(item: UploadItem): void {
    const view = this.#views.get(item);
    view?.dispose();
    view?.root.remove();
    this.#views.delete(item);
    this.#items = this.#items.filter((other) => other !== item);
  }

  /** Frees every row's resources (the element is going away; the rows go with it). */
  dispose(): void {
    for (const view of this.#views.values()) {
      view.dispose();
    }
  }
}
