// Drives tus-js-client, unchanged, against a live server: upload + abort + resume from the
// stored URL, then a parallelUploads: 4 upload (concatenation). Prints one JSON line per case.
// Usage: node tus_js_client.cjs ENDPOINT FILE  (COOKIE and CSRF_TOKEN in the environment)
"use strict";
const fs = require("node:fs");
const tus = require("tus-js-client");

const [endpoint, file] = process.argv.slice(2);
const data = fs.readFileSync(file);
const headers = { Cookie: process.env.COOKIE, "X-CSRFToken": process.env.CSRF_TOKEN };

function run(options, abortAt) {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(data, {
      endpoint,
      headers,
      chunkSize: 1024 * 1024,
      retryDelays: [],
      metadata: { filename: "source.bin", filetype: "application/octet-stream" },
      ...options,
      onError: reject,
      onProgress(sent, total) {
        if (abortAt !== undefined && sent >= total * abortAt && !upload.aborted) {
          upload.aborted = true;
          upload.abort().then(() => resolve({ url: upload.url, aborted: true, sent }));
        }
      },
      onSuccess: () => resolve({ url: upload.url, aborted: false }),
    });
    upload.start();
  });
}

async function main() {
  const first = await run({}, 0.4);
  if (!first.aborted) throw new Error("the first upload was not aborted");
  const resumed = await run({ uploadUrl: first.url });
  if (resumed.url !== first.url) throw new Error("resumed under another URL");
  console.log(JSON.stringify({ case: "resume", url: resumed.url, abortedAfter: first.sent }));
  const parallel = await run({ parallelUploads: 4, chunkSize: 512 * 1024 });
  console.log(JSON.stringify({ case: "parallel", url: parallel.url }));
}

main().catch((error) => {
  console.error(String(error?.stack || error));
  process.exit(1);
});
