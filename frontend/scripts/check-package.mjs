// Checks the npm package build: every module in dist/ resolves as plain ESM (no bundler), the
// declarations exist, and the public API is exactly the elements, their event names and the
// types (no transports, reducers, platforms or state machines). DOM classes are stubbed, since
// Node has no DOM.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

globalThis.HTMLElement ??= class {};
globalThis.customElements ??= { get: () => undefined, define: () => undefined };
for (const name of ["index", "define"]) {
  if (!existsSync(path.join("dist", `${name}.d.ts`))) throw new Error(`dist/${name}.d.ts missing`);
  await import(pathToFileURL(path.join("dist", `${name}.js`)).href);
}
const api = await import(pathToFileURL(path.join("dist", "index.js")).href);
const VALUES = [
  "COMPLETE_EVENT",
  "DlwDownloadCentre",
  "DlwUpload",
  "ERROR_EVENT",
  "FAILED_EVENT",
  "PROGRESS_EVENT",
  "READY_EVENT",
  "REFRESH_EVENT",
  "START_EVENT",
  "defineElement",
];
const values = Object.keys(api).sort();
if (values.join() !== VALUES.join()) {
  throw new Error(`value exports are ${values.join(", ")}; expected ${VALUES.join(", ")}`);
}
for (const name of ["DlwDownloadCentre", "DlwUpload", "defineElement"]) {
  if (typeof api[name] !== "function") throw new Error(`export ${name} missing`);
}
const types = readFileSync(path.join("dist", "index.d.ts"), "utf8");
for (const name of ["Download", "DownloadStatus", "DownloadCentreEventMap", "UploadEventMap"]) {
  if (!new RegExp(`\\b${name}\\b`).test(types)) throw new Error(`type ${name} not exported`);
}
console.log(`npm package ok: ${values.length} value exports`);
