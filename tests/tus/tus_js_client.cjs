// Drives tus-js-client, unchanged, against a live server. Prints one JSON line per case.
//
//   node tus_js_client.cjs ENDPOINT FILE
//     tus 1.0: upload + abort + resume from the stored URL, then a parallelUploads: 4 upload
//     (concatenation).
//   node tus_js_client.cjs ENDPOINT FILE PROTOCOL STEP
//     one step in one process, with PROTOCOL "tus-v1", "ietf-draft-03" or "ietf-draft-05":
//     "complete" (a whole upload), "abort" (stopped mid-way, printing the upload URL) or
//     "resume" (from the URL in UPLOAD_URL, as a new process would after a crash).
//
// COOKIE and CSRF_TOKEN come from the environment.
"use strict";
const fs = require("node:fs");
const tus = require("tus-js-client");

const [endpoint, file, protocol, step] = process.argv.slice(2);
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
      ...(protocol ? { protocol } : {}),
      ...options,
      onError: reject,
      onProgress(sent, total) {
        if (abortAt !== undefined && sent >= total * abortAt && !upload.aborted) {
          upload.aborted = true;
          upload.abort().then(() => resolve({ url: upload.url, aborted: true, sent }));
        }
      },
      onSuccess: ({ lastResponse }) =>
        resolve({
          url: upload.url,
          aborted: false,
          token: lastResponse.getHeader("Dlw-Upload-Token") || null,
        }),
    });
    upload.start();
  });
}

async function tusSuite() {
  const first = await run({}, 0.4);
  if (!first.aborted) throw new Error("the first upload was not aborted");
  const resumed = await run({ uploadUrl: first.url });
  if (resumed.url !== first.url) throw new Error("resumed under another URL");
  console.log(JSON.stringify({ case: "resume", url: resumed.url, abortedAfter: first.sent }));
  const parallel = await run({ parallelUploads: 4, chunkSize: 512 * 1024 });
  console.log(JSON.stringify({ case: "parallel", url: parallel.url }));
}

async function oneStep() {
  if (step === "complete") {
    const done = await run({});
    console.log(JSON.stringify({ case: step, url: done.url, token: done.token }));
  } else if (step === "abort") {
    const first = await run({}, 0.4);
    if (!first.aborted) throw new Error("the upload was not aborted");
    console.log(JSON.stringify({ case: step, url: first.url, sent: first.sent }));
  } else if (step === "resume") {
    const url = process.env.UPLOAD_URL;
    const resumed = await run({ uploadUrl: url });
    if (resumed.url !== url) throw new Error("resumed under another URL");
    console.log(JSON.stringify({ case: step, url: resumed.url, token: resumed.token }));
  } else {
    throw new Error(`unknown step ${step}`);
  }
}

(protocol ? oneStep() : tusSuite()).catch((error) => {
  console.error(String(error?.stack || error));
  process.exit(1);
});
