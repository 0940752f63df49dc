// The client-side limits: a file over the widget's size limit or of a type its `accept` excludes
// is refused before a byte goes out (the server checks both again, sniffing the content).
import type { UploadConfig } from "./config.js";
import { formatBytes } from "./meter.js";
import { fill } from "./strings.js";

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

/** Why `file` is refused in the browser (a sentence for the user), or "" when it may go. */
export function refusalOf(file: File, config: UploadConfig, accept: string): string {
  const { strings } = config;
  if (config.maxSize > 0 && file.size > config.maxSize) {
    const max = formatBytes(config.maxSize, config.lang);
    return fill(strings.tooLarge, { name: file.name, max });
  }
  return accepts(accept, file) ? "" : fill(strings.wrongType, { name: file.name });
}
