// Bundle entry for pages with resumable upload widgets.
import "../styles/upload.css";
import { defineElement } from "../define-element.js";
import { DlwUpload } from "../upload/element.js";

defineElement(DlwUpload.tagName, DlwUpload);
