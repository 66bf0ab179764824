// Live reload of `briefing serve` in a real browser (Debian's Chromium, driven by
// playwright-core, which downloads no browser of its own).
//
//   node tests/browser/live_reload.mjs URL SITE_DIR
//
// Starts nothing itself: URL is a running `briefing serve` of SITE_DIR. Opens a
// briefing page, then, without ever reloading it by hand:
//   1. edits the briefing on disk and waits for the page to show the new title;
//   2. breaks its YAML and waits for the error overlay;
//   3. fixes it and waits for the overlay to go away.
// Exits 0 on success, 1 with a message otherwise.

import { chromium } from "playwright-core";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TIMEOUT_MS = 10_000;

const [url, siteDir] = process.argv.slice(2);
if (!url || !siteDir) {
  console.error("usage: node live_reload.mjs URL SITE_DIR");
  process.exit(2);
}

/** Calls `check` (which may throw while a page reloads) until it is true. */
async function waitUntil(what, check) {
  const deadline = Date.now() + TIMEOUT_MS;
  let last = "";
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}${last ? ` (${last})` : ""}`);
}

/** Whether the error overlay is on screen. */
async function overlayShown(page) {
  return page.evaluate(() => {
    const el = document.getElementById("__briefing_overlay");
    return !!el && !el.hidden && el.getBoundingClientRect().height > 0;
  });
}

async function main() {
  const dir = join(siteDir, "content", "briefings");
  const name = readdirSync(dir).filter((f) => f.endsWith(".md")).sort()[0];
  if (!name) throw new Error(`no briefing in ${dir}`);
  const file = join(dir, name);
  const original = readFileSync(file, "utf8");
  const title = original.match(/^title: .*$/m);
  if (!title) throw new Error(`${file} has no title line`);

  // A fresh profile each run; Playwright takes it as the persistent context's folder
  // rather than as a --user-data-dir argument.
  const profile = mkdtempSync(join(tmpdir(), "briefing-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const pageUrl = new URL(`briefings/${name.replace(/\.md$/, "")}/`, url).href;
    const response = await page.goto(pageUrl);
    if (!response || response.status() !== 200) {
      throw new Error(`${pageUrl} answered ${response && response.status()}`);
    }
    if (await overlayShown(page)) throw new Error("overlay shown before any change");
    console.log(`opened ${pageUrl}`);

    // 1. An edit shows up without a manual reload.
    const marker = `Edited live ${Date.now()}`;
    const edited = original.replace(title[0], `title: "${marker}"`);
    writeFileSync(file, edited);
    await waitUntil(`the page to show "${marker}"`, async () =>
      (await page.textContent("h1"))?.includes(marker),
    );
    console.log("edit shown");

    // 2. Broken YAML brings up the overlay, over the last good page.
    writeFileSync(file, edited.replace(`title: "${marker}"`, `title: ["${marker}"`));
    await waitUntil("the error overlay", () => overlayShown(page));
    const text = await page.textContent("#__briefing_overlay pre");
    if (!text.includes(`content/briefings/${name}:`)) {
      throw new Error(`overlay does not name the file: ${text}`);
    }
    if (!(await page.textContent("h1")).includes(marker)) {
      throw new Error("the last good page is not shown under the overlay");
    }
    console.log("overlay shown");

    // 3. The fix clears it.
    writeFileSync(file, edited);
    await waitUntil("the overlay to go away", async () => !(await overlayShown(page)));
    console.log("overlay cleared");

    if (errors.length) throw new Error(`script errors on the page: ${errors.join("; ")}`);
  } finally {
    writeFileSync(file, original);
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  () => {
    console.log("ok: live reload works in Chromium");
    process.exit(0);
  },
  (e) => {
    console.error(`live reload test failed: ${e.message}`);
    process.exit(1);
  },
);
