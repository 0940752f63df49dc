// Value exports: the element classes (registering them is left to `django-dlwidget/define`).
export { defineElement } from "./define-element";
export { DlwDownloadCentre } from "./download-centre/element";
export { DlwUpload } from "./upload/element";
