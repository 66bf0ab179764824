// What navigate.mjs and axe.mjs share: Debian's Chromium driven by playwright-core (which
// downloads no browser of its own), a fresh profile each run, and checks that a page
// opened from file:// is a real page of the site.

import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const TIMEOUT_MS = 15_000;

/** The file:// URL of `rel` (a path with `/`) inside the site folder `dir`. */
export function fileUrl(dir, rel) {
  return new URL(rel, pathToFileURL(`${resolve(dir)}/`)).href;
}

/**
 * Runs `body(context, requests)` with a headless Chromium and removes its profile after.
 * `requests` collects every URL the pages asked for that is not a file:// one: a page
 * of the site must make none (no web fonts, no third-party requests).
 */
export async function withBrowser(body) {
  // Playwright takes the profile as the persistent context's folder rather than as a
  // --user-data-dir argument.
  const profile = mkdtempSync(join(tmpdir(), "briefing-ext-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
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
      timeout: 60_000,
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    const requests = [];
    context.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
    });
    return await body(context, requests);
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Throws unless `page` shows a real page of the site: navigation `response` ok, the
 * address a file (`…/index.html`, never a folder, which Chromium shows as a listing
 * from file://), inside the site folder `dir`, with a <main> and an <h1>. `pathRe`, if
 * given, is matched against the address's path relative to the site folder.
 * Returns that relative path.
 */
export async function assertRealPage(page, response, dir, what, pathRe) {
  const url = page.url();
  const base = fileUrl(dir, "");
  const fail = (why) => {
    throw new Error(`${what}: ${why} (at ${url})`);
  };
  if (!url.startsWith(base)) fail(`not a file of the site folder ${base}`);
  const rel = decodeURI(new URL(url).pathname).slice(decodeURI(new URL(base).pathname).length);
  if (!response) fail("no navigation response");
  if (!response.ok() || response.status() !== 200) fail(`status ${response.status()}`);
  if (!rel.endsWith(".html")) fail("the address is not an HTML file (a folder shows a listing)");
  const shape = await page.evaluate(() => ({
    title: document.title,
    main: document.querySelectorAll("main").length,
    h1: document.querySelector("h1")?.textContent.trim() ?? "",
    listing: !!document.getElementById("parentDirLinkBox") || /^Index of /.test(document.title),
  }));
  if (shape.listing) fail("a directory listing");
  if (shape.main !== 1) fail(`${shape.main} <main> elements`);
  if (!shape.h1) fail("no <h1>");
  if (pathRe && !pathRe.test(rel)) fail(`expected a page matching ${pathRe}, got ${rel}`);
  console.log(`ok  ${what}: ${rel} — “${shape.h1}”`);
  return rel;
}

/** Clicks `locator` and waits for the page it opens; returns the navigation response. */
export async function follow(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), locator.click()]);
  return response;
}
