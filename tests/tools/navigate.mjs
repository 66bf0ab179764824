// A reader browsing a built site straight from disk (file://) in headless Chromium,
// only by clicking links:
//
//   node tests/tools/navigate.mjs PUBLIC_DIR
//
// home → Antony Blinken's actor page → a briefing linked from it → the timeline (main
// navigation) → search (main navigation); there it types "credible" and follows a
// statement found to its briefing. Every page reached must be a real page (a file, not
// a directory listing; status ok; one <main>; an <h1>), with no script error and no
// request off the disk. Exits 0 on success, 1 with a message otherwise.

import { TIMEOUT_MS, assertRealPage, fileUrl, follow, withBrowser } from "./browser.mjs";

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node navigate.mjs PUBLIC_DIR");
  process.exit(2);
}

const ACTOR = "Antony Blinken";
const QUERY = "credible";
const BRIEFING = /^briefings\/[^/]+\/index\.html$/;

/**
 * Where each link of `page`'s <main> leads: {href as written, path relative to the site
 * folder without its fragment, fragment, text of the list item (or paragraph) around it}.
 */
async function linksInMain(page) {
  return page.evaluate((site) => {
    return [...document.querySelectorAll("main a[href]")].map((a) => {
      const url = new URL(a.getAttribute("href"), document.baseURI);
      const bare = url.href.slice(0, url.href.length - url.hash.length);
      return {
        href: a.getAttribute("href"),
        path: bare.startsWith(site) ? bare.slice(site.length) : bare,
        hash: url.hash,
        text: (a.closest("li") ?? a.closest("p") ?? a).textContent,
      };
    });
  }, fileUrl(dir, ""));
}

/** The locator of the first link of <main> written as `href`. */
const linkTo = (page, href) => page.locator(`main a[href="${href.replace(/"/g, '\\"')}"]`).first();

async function main() {
  await withBrowser(async (context, requests) => {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}`);
    });

    // 1. home
    let response = await page.goto(fileUrl(dir, "index.html"));
    await assertRealPage(page, response, dir, "home", /^index\.html$/);

    // 2. an actor page, from a link named after the actor
    const actor = page.getByRole("main").getByRole("link", { name: ACTOR, exact: true }).first();
    response = await follow(page, actor);
    await assertRealPage(page, response, dir, `actor ${ACTOR}`, /^actors\/[^/]+\/index\.html$/);
    const h1 = (await page.locator("h1").first().textContent()).trim();
    if (h1 !== ACTOR) throw new Error(`actor page's <h1> is “${h1}”, not “${ACTOR}”`);

    // 3. a briefing the actor appears in
    const briefing = (await linksInMain(page)).find((l) => BRIEFING.test(l.path) && !l.hash);
    if (!briefing) throw new Error(`no link to a briefing page in <main> of ${page.url()}`);
    response = await follow(page, linkTo(page, briefing.href));
    await assertRealPage(page, response, dir, "briefing from the actor page", BRIEFING);

    // 4. the timeline, from the main navigation
    const nav = page.getByRole("navigation", { name: "Main" });
    response = await follow(page, nav.getByRole("link", { name: "Timeline", exact: true }));
    await assertRealPage(page, response, dir, "timeline", /^timeline\/index\.html$/);

    // 5. search, from the main navigation
    response = await follow(page, nav.getByRole("link", { name: "Search", exact: true }));
    await assertRealPage(page, response, dir, "search", /^search\/index\.html$/);

    // 6. a query that finds a statement, whose result links to its briefing
    await page.getByRole("searchbox").first().fill(QUERY);
    const results = page.locator("main li").filter({ has: page.locator("a[href]") });
    try {
      await results.first().waitFor({ timeout: TIMEOUT_MS });
    } catch {
      const status = await page.locator("main [role=status]").first().textContent().catch(() => "");
      throw new Error(`no search result for “${QUERY}” (status: “${status}”)`);
    }
    // A statement: its result links into a briefing page, at the quote, and shows the
    // quote (its snippet may load a moment after the result).
    let found = [];
    let quote;
    for (const deadline = Date.now() + TIMEOUT_MS; !quote && Date.now() < deadline; ) {
      found = (await linksInMain(page)).map((l) => ({ ...l, briefing: BRIEFING.test(l.path) }));
      quote = found.find((r) => r.briefing && r.hash && r.text.toLowerCase().includes(QUERY));
      if (!quote) await page.waitForTimeout(100);
    }
    console.log(`    search “${QUERY}”: ${found.length} results`);
    if (!quote) {
      throw new Error(
        `no search result for “${QUERY}” links to a quote on a briefing page; results: ${JSON.stringify(found, null, 1)}`,
      );
    }
    response = await follow(page, linkTo(page, quote.href));
    await assertRealPage(page, response, dir, "statement found by search", BRIEFING);
    const id = decodeURIComponent(quote.hash.slice(1));
    const target = await page.evaluate((id) => {
      const el = document.getElementById(id);
      return el ? el.textContent.replace(/\s+/g, " ").trim().slice(0, 120) : null;
    }, id);
    if (target === null) throw new Error(`the briefing has no element #${id}`);
    if (!target.toLowerCase().includes(QUERY)) {
      throw new Error(`#${id} on the briefing does not hold the statement found (“${target}”)`);
    }
    console.log(`ok  #${id}: “${target}”`);

    if (errors.length) throw new Error(`script errors:\n  ${errors.join("\n  ")}`);
    if (requests.length) throw new Error(`requests off the disk:\n  ${requests.join("\n  ")}`);
  });
}

main().then(
  () => {
    console.log("navigation ok");
    process.exit(0);
  },
  (e) => {
    console.error(`navigation failed: ${e.message ?? e}`);
    process.exit(1);
  },
);
