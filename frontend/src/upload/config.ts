// The element's configuration, read from the data-* attributes the widget renders.
import { positiveNumber } from "../shared/config.js";
import { resolveLang } from "../shared/lang.js";
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
  /** Whether chosen images get a preview (`data-thumbnails="false"` turns it off). */
  thumbnails: boolean;
  lang: string | undefined;
  classes: ClassMap;
  strings: Strings;
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
    maxSize: positiveNumber(data.maxSize, 0),
    chunkSize: positiveNumber(data.chunkSize, CHUNK_SIZE),
    thumbnails: data.thumbnails !== "false",
    lang: resolveLang(element),
    classes: parseClassMap(data.classes),
    strings: parseStrings(data.strings),
  };
}
