// Bundle entry for pages with the download centre.
import "../styles/download-centre.css";
import { defineElement } from "../define-element.js";
import { DlwDownloadCentre } from "../download-centre/element.js";

defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre);
