// Bundle entry for pages with resumable upload widgets.
import "../styles/upload.css";
import { defineElement } from "../define-element";
import { DlwUpload } from "../upload/element";

defineElement(DlwUpload.tagName, DlwUpload);
