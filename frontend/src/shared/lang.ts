// The language for `Intl` formatting (relative times, byte sizes): what the template rendered into
// `data-lang`, else the page's `<html lang>`, else undefined (the browser's own default).

export function resolveLang(element: HTMLElement): string | undefined {
  return element.dataset.lang || element.ownerDocument.documentElement.lang || undefined;
}
