// Bundle size budget: gzipped size of each entry's JS and CSS against its budget (sizes are
// deterministic, so this runs in `make test`). Exits non-zero when a budget is exceeded.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const dir = path.join("django_dlwidget", "static", "django_dlwidget");
const stats = JSON.parse(readFileSync(path.join(dir, "webpack-stats.json"), "utf8"));
const KB = 1000;
const budgets = {
  "download-centre": { js: 10.5 * KB, css: 3 * KB },
  upload: { js: 30 * KB, css: 3 * KB },
};
const TOTAL_BUDGET = 39 * KB;

const gzipped = (name) => gzipSync(readFileSync(path.join(dir, name)), { level: 9 }).length;
let failed = false;
let total = 0;
for (const [entry, budget] of Object.entries(budgets)) {
  const files = stats.chunks[entry] ?? [];
  for (const kind of ["js", "css"]) {
    const size = files.filter((f) => f.endsWith(`.${kind}`)).reduce((n, f) => n + gzipped(f), 0);
    total += size;
    const ok = size <= budget[kind];
    failed ||= !ok;
    console.log(
      `${ok ? "ok  " : "OVER"} ${entry}.${kind}: ${(size / KB).toFixed(2)} KB gzipped (budget ${budget[kind] / KB} KB)`,
    );
  }
}
const totalOk = total <= TOTAL_BUDGET;
failed ||= !totalOk;
console.log(
  `${totalOk ? "ok  " : "OVER"} whole bundle: ${(total / KB).toFixed(2)} KB gzipped (budget ${TOTAL_BUDGET / KB} KB)`,
);
process.exit(failed ? 1 : 0);
