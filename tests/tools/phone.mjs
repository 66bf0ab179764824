// The sample site on a phone: headless Chromium at 390 × 844 CSS px, from file://.
//
//   node tests/tools/phone.mjs PUBLIC_DIR SHOTS_DIR
//
// On each page below it measures what a phone reader meets and fails on:
// - the main navigation taller than 60 px, or on more than one row;
// - chart text rendered smaller than 11 px (its font size times the SVG's scale);
// - the page wider than the screen (a sideways scroll of the whole page);
// - a box that scrolls sideways without the keyboard reaching it (tabindex) or a name;
// - the search button smaller than 44 × 44 px;
// - more than one <h1>, or a home page whose <h1> repeats the header's title.
// It saves a screenshot of each page into SHOTS_DIR, prints one line of figures per
// page, and then measures the timeline again under the theme's old phone layout (nav
// rows that wrap, charts shrunk to the screen), which must fail: a measurement that
// cannot see the old faults proves nothing. Exits 0 on success, 1 otherwise.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { assertRealPage, fileUrl, withBrowser } from "./browser.mjs";

const [dir, shots] = process.argv.slice(2);
if (!dir || !shots) {
  console.error("usage: node phone.mjs PUBLIC_DIR SHOTS_DIR");
  process.exit(2);
}

const WIDTH = 390;
const PAGES = [
  "index.html",
  "timeline/index.html",
  "actors/antony-blinken/index.html",
  "topics/war-crimes/index.html",
  "search/index.html",
];
// The layout before the phone fixes, for the check that the measurements bite.
const OLD_LAYOUT = `
  .site-header .wrap { display: flex !important; }
  .site-nav ul { flex-wrap: wrap !important; overflow: visible !important; }
  .site-nav a { display: inline !important; padding: 0 !important; min-height: 0 !important; }
  .scroll-x > .chart { min-width: 0 !important; }
`;

/** What a phone reader meets on the page open in `page`. */
function measure(page) {
  return page.evaluate(() => {
    const nav = document.querySelector(".site-nav");
    const items = nav ? [...nav.querySelectorAll("li")] : [];
    const rows = new Set(items.map((li) => Math.round(li.getBoundingClientRect().top)));
    let smallest = Infinity;
    let texts = 0;
    for (const text of document.querySelectorAll("svg.chart text")) {
      const svg = text.ownerSVGElement;
      const ctm = svg.getScreenCTM();
      if (!ctm || !text.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
      smallest = Math.min(smallest, size);
      texts += 1;
    }
    const scrollers = [...document.querySelectorAll("main *")].filter((el) => {
      const style = getComputedStyle(el);
      return /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    });
    const unreachable = scrollers
      .filter((el) => el.tabIndex < 0 || !(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")))
      .map((el) => el.outerHTML.slice(0, 120));
    const button = document.querySelector(".search-form button");
    const box = button?.getBoundingClientRect();
    const h1s = [...document.querySelectorAll("h1")].map((h) => h.textContent.trim());
    return {
      navHeight: nav ? Math.round(nav.getBoundingClientRect().height) : 0,
      navRows: rows.size,
      chartTexts: texts,
      smallestChartText: texts ? Math.round(smallest * 10) / 10 : null,
      pageWidth: document.documentElement.scrollWidth,
      scrollers: scrollers.length,
      unreachable,
      button: box ? { width: Math.round(box.width), height: Math.round(box.height) } : null,
      h1s,
      home: /(^|\/)index\.html$/.test(location.pathname) && !!document.querySelector("h1 .site-title"),
    };
  });
}

/** Why the figures `m` of page `rel` fail a phone reader; empty when they do not. */
function faults(rel, m) {
  const out = [];
  if (m.navHeight > 60) out.push(`the navigation is ${m.navHeight} px tall (at most 60)`);
  if (m.navRows > 1) out.push(`the navigation takes ${m.navRows} rows`);
  if (m.smallestChartText !== null && m.smallestChartText < 11)
    out.push(`chart text is ${m.smallestChartText} px (at least 11)`);
  if (m.pageWidth > WIDTH) out.push(`the page is ${m.pageWidth} px wide on a ${WIDTH} px screen`);
  for (const el of m.unreachable) out.push(`a box scrolls sideways but has no tabindex or name: ${el}`);
  if (m.button && (m.button.width < 44 || m.button.height < 44))
    out.push(`the search button is ${m.button.width} × ${m.button.height} px (at least 44 × 44)`);
  if (m.h1s.length !== 1) out.push(`${m.h1s.length} <h1> elements`);
  // One <h1> on home, and it is the header's title: not said twice.
  if (rel === "index.html" && !m.home) out.push(`home's <h1> is not the header's title: ${m.h1s}`);
  return out;
}

async function main() {
  mkdirSync(shots, { recursive: true });
  const problems = [];
  await withBrowser(async (context, requests) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: WIDTH, height: 844 });
    for (const rel of PAGES) {
      const response = await page.goto(fileUrl(dir, rel));
      await assertRealPage(page, response, dir, `${rel} at ${WIDTH} px`);
      const m = await measure(page);
      console.log(`${rel}: ${JSON.stringify(m)}`);
      await page.screenshot({ path: join(shots, `${rel.replace(/\//g, "_")}.png`) });
      for (const f of faults(rel, m)) problems.push(`${rel}: ${f}`);
    }
    // Charts must have been measured, and one of them must scroll on a phone.
    await page.goto(fileUrl(dir, "timeline/index.html"));
    const timeline = await measure(page);
    if (!timeline.chartTexts) problems.push("timeline: no chart text was measured");
    if (!timeline.scrollers) problems.push("timeline: the chart does not scroll sideways at 390 px");

    // The old layout must fail the same measurements.
    await page.addStyleTag({ content: OLD_LAYOUT });
    const old = faults("timeline/index.html", await measure(page));
    console.log(`timeline under the old layout: ${JSON.stringify(old)}`);
    if (!old.some((f) => f.includes("chart text")) || !old.some((f) => f.includes("navigation")))
      problems.push(`the measurements do not see the old layout's faults: ${JSON.stringify(old)}`);
    if (requests.length) problems.push(`requests off the disk:\n  ${requests.join("\n  ")}`);
  });
  for (const p of problems) console.log(`FAULT ${p}`);
  console.log(`${PAGES.length} pages at ${WIDTH} px, ${problems.length} faults`);
  return problems.length;
}

main().then(
  (n) => process.exit(n ? 1 : 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
