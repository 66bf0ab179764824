// A reader switching language on a built site straight from disk (file://) in headless
// Chromium, only by clicking links:
//
//   node tests/tools/languages.mjs PUBLIC_DIR BRIEFING_PATH LANG QUERY
//
// From the English page at BRIEFING_PATH it follows the language switcher to LANG,
// where it must land on the same briefing (<html lang=LANG>), then the main
// navigation's search link (the navigation's last link), types QUERY (a word of that
// language) and follows a result to a briefing page of that language. Every page
// reached must be a real page, with no script error and no request off the disk.
// Exits 0 on success, 1 with a message otherwise.

import { TIMEOUT_MS, assertRealPage, fileUrl, follow, withBrowser } from "./browser.mjs";

const [dir, briefing, lang, query] = process.argv.slice(2);
if (!dir || !briefing || !lang || !query) {
  console.error("usage: node languages.mjs PUBLIC_DIR BRIEFING_PATH LANG QUERY");
  process.exit(2);
}

async function main() {
  await withBrowser(async (context, requests) => {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(`${page.url()}: ${e}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${page.url()}: console: ${m.text()}`);
    });
    let response = await page.goto(fileUrl(dir, briefing));
    await assertRealPage(page, response, dir, "English briefing", new RegExp(`^${briefing}$`));

    // 1. the switcher: the same briefing in the other language
    const switcher = page.locator("nav.languages");
    response = await follow(page, switcher.locator(`a[hreflang="${lang}"]`));
    await assertRealPage(page, response, dir, `${lang} briefing`, new RegExp(`^${lang}/${briefing}$`));
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    if (htmlLang !== lang) throw new Error(`<html lang="${htmlLang}">, expected ${lang}`);

    // 2. search, the last link of the main navigation, in that language
    const nav = page.locator("nav.site-nav");
    response = await follow(page, nav.getByRole("link").last());
    await assertRealPage(page, response, dir, `${lang} search`, new RegExp(`^${lang}/search/index\\.html$`));

    // 3. a word of that language finds a briefing of that language
    await page.getByRole("searchbox").first().fill(query);
    const results = page.locator("main li a[href]");
    try {
      await results.first().waitFor({ timeout: TIMEOUT_MS });
    } catch {
      const status = await page.locator("main [role=status]").first().textContent().catch(() => "");
      throw new Error(`no search result for “${query}” (status: “${status}”)`);
    }
    console.log(`    search “${query}”: ${await results.count()} results`);
    response = await follow(page, results.first());
    await assertRealPage(page, response, dir, "result", new RegExp(`^${lang}/briefings/[^/]+/index\\.html$`));

    if (errors.length) throw new Error(`script errors:\n  ${errors.join("\n  ")}`);
    if (requests.length) throw new Error(`requests off the disk:\n  ${requests.join("\n  ")}`);
  });
}

main().then(
  () => {
    console.log("languages ok");
    process.exit(0);
  },
  (e) => {
    console.error(`languages failed: ${e.message ?? e}`);
    process.exit(1);
  },
);
