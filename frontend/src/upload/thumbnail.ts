// Image previews drawn in the browser: an object URL of the chosen File in an <img>, so nothing
// is sent or decoded on the server. Only for image types browsers decode (a HEIC or TIFF gets no
// broken image), only up to a size worth decoding, and the URL is revoked when the item goes. The
// size on screen is the stylesheet's (`--dlw-thumb-size`).

/** Making and freeing object URLs (the platform's; tests count them). */
export interface ObjectUrls {
  create(file: Blob): string;
  revoke(url: string): void;
}

/** The image types every current browser decodes in an <img>. */
export const DECODABLE = new Set([
  "image/apng",
  "image/avif",
  "image/bmp",
  "image/gif",
  "image/jpeg",
  "image/png",
  "image/svg+xml",
  "image/webp",
  "image/x-icon",
  "image/vnd.microsoft.icon",
]);

/** Larger files are not decoded for a preview (memory on small devices). */
export const MAX_THUMBNAIL_BYTES = 40 * 1000 * 1000;

export function canPreview(file: File): boolean {
  return (
    DECODABLE.has(file.type.toLowerCase()) && file.size > 0 && file.size <= MAX_THUMBNAIL_BYTES
  );
}

/** One item's preview: the <img> and the URL it holds until `dispose()`. */
export class Thumbnail {
  readonly image: HTMLImageElement;
  #url: string;

  constructor(
    file: File,
    className: string,
    private readonly urls: ObjectUrls,
  ) {
    this.#url = urls.create(file);
    this.image = document.createElement("img");
    this.image.className = className;
    this.image.alt = ""; // decorative: the file's name is next to it
    this.image.decoding = "async";
    this.image.draggable = false;
    // A file whose type lies (or a decoder that refuses it) leaves no broken-image icon.
    this.image.addEventListener("error", () => this.dispose(), { once: true });
    this.image.src = this.#url;
  }

  /** Frees the URL and takes the image out (idempotent). */
  dispose(): void {
    if (this.#url) {
      this.urls.revoke(this.#url);
      this.#url = "";
    }
    this.image.remove();
  }
}

/** A preview for `file` when previews are on and it is an image the browser can show. */
export function thumbnailFor(
  file: File | null,
  className: string,
  urls: ObjectUrls | null,
): Thumbnail | null {
  return file && urls && canPreview(file) ? new Thumbnail(file, className, urls) : null;
}
