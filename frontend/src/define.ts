// Registers every element; import "django-dlwidget/define" once in an application bundle.
import { defineElement } from "./define-element";
import { DlwDownloadCentre } from "./download-centre/element";
import { DlwUpload } from "./upload/element";

defineElement(DlwDownloadCentre.tagName, DlwDownloadCentre);
defineElement(DlwUpload.tagName, DlwUpload);
