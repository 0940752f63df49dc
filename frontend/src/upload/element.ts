/** `<dlw-upload>`: a resumable (tus) upload around a native file input. */
export class DlwUpload extends HTMLElement {
  static readonly tagName = "dlw-upload";

  connectedCallback(): void {
    this.toggleAttribute("data-dlw-connected", true);
  }

  disconnectedCallback(): void {
    this.removeAttribute("data-dlw-connected");
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "dlw-upload": DlwUpload;
  }
}
