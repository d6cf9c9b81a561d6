// Copy the pinned front-end assets from node_modules/ into the git-ignored luoshi/static/vendor/,
// where whitenoise serves them. Run after `npm ci`; fails loudly when a file is missing.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "luoshi", "static", "vendor");

const files = [
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["echarts/dist/echarts.min.js", "echarts.min.js"],
];

mkdirSync(target, { recursive: true });
for (const [from, to] of files) {
  const source = join(root, "node_modules", from);
  if (!existsSync(source)) {
    console.error(`missing ${source}: run npm ci first`);
    process.exit(1);
  }
  copyFileSync(source, join(target, to));
  console.log(`vendor: ${from} -> luoshi/static/vendor/${to}`);
}
