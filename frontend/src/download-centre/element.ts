/** `<dlw-download-centre>`: the nav-menu download centre. */
export class DlwDownloadCentre extends HTMLElement {
  static readonly tagName = "dlw-download-centre";

  connectedCallback(): void {
    this.toggleAttribute("data-dlw-connected", true);
  }

  disconnectedCallback(): void {
    this.removeAttribute("data-dlw-connected");
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "dlw-download-centre": DlwDownloadCentre;
  }
}
