// The element's configuration, read from the data-* attributes the widget renders.
import { type ClassMap, parseClassMap } from "./classes.js";
import { parseStrings, type Strings } from "./strings.js";
import { CHUNK_SIZE } from "./task.js";

export interface UploadConfig {
  /** The tus creation endpoint (`dlwidget:upload-list`). */
  url: string;
  csrfToken: string;
  /** Bytes; 0 for no limit of the widget's own (the server still applies its own). */
  maxSize: number;
  chunkSize: number;
  lang: string | undefined;
  classes: ClassMap;
  strings: Strings;
}

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

function cookie(name: string): string {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) {
      return decodeURIComponent(value.join("="));
    }
  }
  return "";
}

/** The CSRF token: rendered on the element, else the form's hidden input, else the cookie. */
export function csrfToken(element: HTMLElement): string {
  const input = element
    .closest("form")
    ?.querySelector<HTMLInputElement>('input[name="csrfmiddlewaretoken"]');
  return element.dataset.csrfToken || input?.value || cookie("csrftoken");
}

export function readConfig(element: HTMLElement): UploadConfig {
  const data = element.dataset;
  return {
    url: data.url ?? "",
    csrfToken: csrfToken(element),
    maxSize: positive(data.maxSize, 0),
    chunkSize: positive(data.chunkSize, CHUNK_SIZE),
    lang: data.lang || document.documentElement.lang || undefined,
    classes: parseClassMap(data.classes),
    strings: parseStrings(data.strings),
  };
}

/** The browser-side mirror of the server's `accept` check (the server sniffs the content). */
export function accepts(accept: string, file: File): boolean {
  const items = accept
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 0) {
    return true;
  }
  const name = file.name.toLowerCase();
  const type = file.type.toLowerCase();
  return items.some((item) => {
    if (item.startsWith(".")) {
      return name.endsWith(item);
    }
    if (!type) {
      return true; // the browser does not know: leave it to the server
    }
    return item.endsWith("/*") ? type.startsWith(item.slice(0, -1)) : type === item;
  });
}
