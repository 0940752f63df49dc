// Checks the npm package build: every module in dist/ resolves as plain ESM (no bundler) and the
// declarations exist. DOM classes are stubbed, since Node has no DOM.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

globalThis.HTMLElement ??= class {};
globalThis.customElements ??= { get: () => undefined, define: () => undefined };
for (const name of ["index", "define"]) {
  if (!existsSync(path.join("dist", `${name}.d.ts`))) throw new Error(`dist/${name}.d.ts missing`);
  await import(pathToFileURL(path.join("dist", `${name}.js`)).href);
}
const api = await import(pathToFileURL(path.join("dist", "index.js")).href);
for (const name of ["DlwDownloadCentre", "DlwUpload", "defineElement"]) {
  if (typeof api[name] !== "function") throw new Error(`export ${name} missing`);
}
console.log(`npm package ok: ${Object.keys(api).length} exports`);
