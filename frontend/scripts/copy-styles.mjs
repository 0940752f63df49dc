// Copies the default stylesheets next to the npm package's compiled modules.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const src = path.join("frontend", "src", "styles");
const out = path.join("dist", "styles");
mkdirSync(out, { recursive: true });
for (const name of readdirSync(src)) {
  if (name.endsWith(".css")) copyFileSync(path.join(src, name), path.join(out, name));
}
