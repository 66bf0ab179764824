// Accessibility check of a built site with axe-core, in headless Chromium from file://.
//
//   node tests/tools/axe.mjs PUBLIC_DIR [PAGE…]
//
// PAGE is a path inside PUBLIC_DIR; by default an actor page, the timeline and a topic
// page of the sample site. Each page is checked in the light and the dark colour scheme
// (the theme declares both), with axe's default rules (WCAG 2.x A and AA, and best
// practices). Prints every violation with its rule, impact, help URL and the elements
// concerned; exits 1 if there is any, 0 if none.

import { createRequire } from "node:module";
import { assertRealPage, fileUrl, withBrowser } from "./browser.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const DEFAULT_PAGES = [
  "actors/antony-blinken/index.html",
  "timeline/index.html",
  "topics/war-crimes/index.html",
];

const [dir, ...given] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node axe.mjs PUBLIC_DIR [PAGE…]");
  process.exit(2);
}
const pages = given.length ? given : DEFAULT_PAGES;

async function main() {
  const version = require("axe-core/package.json").version;
  let total = 0;
  await withBrowser(async (context, requests) => {
    const page = context.pages()[0] ?? (await context.newPage());
    for (const rel of pages) {
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(fileUrl(dir, rel));
        await assertRealPage(page, response, dir, `${rel} (${scheme})`);
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(() =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ["violations"] }),
        );
        for (const v of result.violations) {
          total += 1;
          console.log(`VIOLATION ${rel} (${scheme}): ${v.id} [${v.impact}] ${v.help}`);
          console.log(`    ${v.helpUrl}`);
          for (const node of v.nodes) {
            console.log(`    at ${node.target.join(" ")}: ${node.html.replace(/\s+/g, " ").slice(0, 200)}`);
            const why = node.failureSummary?.replace(/\s+/g, " ").trim();
            if (why) console.log(`       ${why.slice(0, 300)}`);
          }
        }
      }
    }
    if (requests.length) throw new Error(`requests off the disk:\n  ${requests.join("\n  ")}`);
  });
  console.log(`axe-core ${version}: ${pages.length} pages × 2 colour schemes, ${total} violations`);
  return total;
}

main().then(
  (total) => process.exit(total === 0 ? 0 : 1),
  (e) => {
    console.error(`axe check failed to run: ${e.message ?? e}`);
    process.exit(2);
  },
);
