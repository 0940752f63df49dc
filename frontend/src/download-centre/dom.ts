// Small DOM writers for updating markup in place: each one touches the node only when the value
// differs, so an unchanged part of an item is never rewritten (no mutation, no lost selection).
import { type ClassMap, classFor, type Role } from "./classes.js";

/** A new element carrying `dlw-<role>` plus the role's mapped classes. */
export function part<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  role: Role,
  classes: ClassMap,
  text = "",
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = classFor(role, classes);
  node.textContent = text;
  return node;
}

/** The first descendant with role `role` (its `dlw-<role>` class), server-rendered or built. */
export function findPart<T extends HTMLElement = HTMLElement>(
  root: ParentNode,
  role: Role,
): T | null {
  return root.querySelector<T>(`.dlw-${role}`);
}

export function setText(node: Node, text: string): void {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

export function setAttribute(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

export function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) {
    node.hidden = hidden;
  }
}

/** Moves `node` from role `from` to role `to` (their classes), keeping any other classes. */
export function swapRole(node: Element, from: Role, to: Role, classes: ClassMap): void {
  node.classList.remove(...classFor(from, classes).split(" "));
  node.classList.add(...classFor(to, classes).split(" "));
}

/**
 * Inserts `node` into `root` after the last of the `after` parts that exists (the parts that come
 * before it in the template, nearest first), else before the first of `before`, else at the end;
 * so a part the server did not render lands where the template would have put it.
 */
export function placePart(
  root: HTMLElement,
  node: HTMLElement,
  after: readonly Role[],
  before: readonly Role[],
): void {
  for (const role of after) {
    const ref = findPart(root, role);
    if (ref) {
      ref.after(node);
      return;
    }
  }
  for (const role of before) {
    const ref = findPart(root, role);
    if (ref) {
      ref.before(node);
      return;
    }
  }
  root.append(node);
}
