// One upload by tus-js-client with its defaults (no chunkSize: the whole file in one PATCH),
// for bench/uploads.py. The file is read from disk as it is sent, not loaded first.
//
//   node bench/peers/tus_js_upload.cjs ENDPOINT FILE
//
// COOKIE and CSRF_TOKEN (when set) go with every request. Prints {"url", "seconds"} as JSON:
// the time from creation to the last response.
"use strict";
const fs = require("node:fs");
const tus = require("tus-js-client");

const [endpoint, file] = process.argv.slice(2);
const headers = {};
if (process.env.COOKIE) headers.Cookie = process.env.COOKIE;
if (process.env.CSRF_TOKEN) headers["X-CSRFToken"] = process.env.CSRF_TOKEN;

const started = process.hrtime.bigint();
const upload = new tus.Upload(fs.createReadStream(file), {
  endpoint,
  headers,
  uploadSize: fs.statSync(file).size,
  retryDelays: [],
  metadata: { filename: "bench.bin", filetype: "application/octet-stream" },
  onError(error) {
    console.error(String(error?.stack || error));
    process.exit(1);
  },
  onSuccess() {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(JSON.stringify({ url: upload.url, seconds }));
  },
});
upload.start();
