// Bundle entry for pages with the download centre.
import "../styles/download-centre.css";
import { defineElement } from "../define-element";
import { DlwDownloadCentre } from "../download-centre/element";

defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre);
