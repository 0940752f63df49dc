// Builds a browser bundle of @uppy/core and @uppy/tus, unchanged, for tests/e2e/test_uppy_client.py:
// it defines window.Uppy and window.UppyTus. Built at test time, never shipped.
// Usage: node tests/e2e/uppy_bundle.mjs OUTFILE
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const [outfile] = process.argv.slice(2);
if (!outfile) throw new Error("usage: node uppy_bundle.mjs OUTFILE");

await build({
  stdin: {
    contents: [
      'import Uppy from "@uppy/core";',
      'import Tus from "@uppy/tus";',
      "window.Uppy = Uppy;",
      "window.UppyTus = Tus;",
    ].join("\n"),
    resolveDir: fileURLToPath(new URL("../..", import.meta.url)),
    loader: "js",
  },
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  outfile,
  logLevel: "error",
});
