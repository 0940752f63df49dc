// Registers every element; import "django-dlwidget/define" once in an application bundle.
import { defineElement } from "./define-element.js";
import { DlwDownloadCentre } from "./download-centre/element.js";
import { DlwUpload } from "./upload/element.js";

defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre);
defineElement(DlwUpload.tagName, DlwUpload);
