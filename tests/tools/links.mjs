// Checks every link of a built site as files, with linkinator.
//
//   node tests/tools/links.mjs SERVER_ROOT [SITE]
//
// linkinator serves SERVER_ROOT on a loopback port and crawls from every HTML file under
// SERVER_ROOT/SITE (SITE defaults to the root itself; `x/sub/public` checks a copy of
// the site under a sub-path, so that a root-relative link lands outside it). Every link
// to a file of the site is followed, fragments included. Links off the site (http(s) to
// other hosts, mailto:…) are not fetched: there is no network.
//
// Fragments are checked here rather than by linkinator, whose check depends on the order
// pages happen to be fetched in. Besides missing files and fragments, a link is wrong if it
//   - names a directory (`timeline/` or `timeline`): from file:// a reader gets a
//     directory listing, not its index.html;
//   - leaves SITE: it works only where the site sits at one place on one host.
//
// Prints each problem on a line (`BROKEN 404: url (linked from page)`, `DIRECTORY: …`,
// `OUTSIDE THE SITE: …`, `FRAGMENT: …`) and a closing `checked N links from M pages
// (F to fragments), K problems` line; exits 1 if there is any problem, 2 on bad usage.

import { Parser } from "htmlparser2";
import { LinkChecker, LinkState } from "linkinator";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const [serverRoot, site = "."] = process.argv.slice(2);
if (!serverRoot) {
  console.error("usage: node links.mjs SERVER_ROOT [SITE]");
  process.exit(2);
}

/** Every *.html file under `dir`, relative to serverRoot, with `/` separators. */
function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith(".html")) out.push(relative(serverRoot, path).split(sep).join("/"));
  }
  return out;
}

const starts = htmlFiles(join(serverRoot, site));
if (starts.length === 0) {
  console.error(`no HTML file under ${join(serverRoot, site)}`);
  process.exit(2);
}
const sitePrefix = site === "." ? "/" : `/${site.split(sep).join("/").replace(/^\/|\/$/g, "")}/`;

const isLocal = (url) => /^http:\/\/localhost:\d+\//.test(url);
const checker = new LinkChecker();
const pages = new Set();
checker.on("pagestart", (url) => pages.add(String(url)));
const result = await checker.check({
  path: starts,
  serverRoot,
  recurse: true,
  directoryListing: false,
  // A directory without its trailing slash answers with a redirect to it.
  redirects: "error",
  concurrency: 20,
  timeout: 10_000,
  linksToSkip: async (url) => !isLocal(url),
});

const problems = [];
let checked = 0; // distinct URLs linkinator fetched, plus links to fragments
for (const link of result.links) {
  if (link.state === LinkState.SKIPPED) continue;
  checked += 1;
  const from = link.parent ? ` (linked from ${link.parent})` : "";
  if (link.state === LinkState.BROKEN) {
    const why = (link.failureDetails ?? [])
      .map((d) => d?.message ?? d?.statusText ?? d?.status ?? "")
      .filter(Boolean)
      .join("; ");
    problems.push(`BROKEN ${link.status}: ${link.url}${from}${why ? ` [${why}]` : ""}`);
    continue;
  }
  if (!link.parent) continue;
  // linkinator reports urls relative to the server root when it serves the files
  const path = new URL(link.url, "http://localhost/").pathname;
  if (path.endsWith("/")) problems.push(`DIRECTORY: ${link.url}${from}`);
  if (!path.startsWith(sitePrefix)) problems.push(`OUTSIDE THE SITE: ${link.url}${from}`);
}

// Fragments: every `#id` a page links to, on itself or on another page of the site, is
// the id (or an <a name>) of an element of that page.
const ids = new Map(); // server path -> Set of ids
const fragmentLinks = []; // [from path, target URL]
for (const rel of starts) {
  const here = new URL(rel, "http://site/");
  const found = new Set();
  const parser = new Parser({
    onopentag(tag, attrs) {
      if (attrs.id) found.add(attrs.id);
      if (tag === "a" && attrs.name) found.add(attrs.name);
      for (const attr of ["href", "src"]) {
        const value = attrs[attr];
        if (value === undefined || !value.includes("#")) continue;
        let target;
        try {
          target = new URL(value, here);
        } catch {
          continue; // linkinator reports unparsable links
        }
        if (target.origin === here.origin && target.hash.length > 1) fragmentLinks.push([rel, target]);
      }
    },
  });
  parser.end(readFileSync(join(serverRoot, rel), "utf8"));
  ids.set(here.pathname, found);
}
for (const [from, target] of fragmentLinks) {
  const onPage = ids.get(target.pathname);
  if (!onPage) continue; // not an HTML page of the site: linkinator reports it if missing
  const id = decodeURIComponent(target.hash.slice(1));
  if (!onPage.has(id)) {
    problems.push(`FRAGMENT: ${target.pathname.slice(1)}${target.hash} has no such id (linked from ${from})`);
  }
}
checked += fragmentLinks.length;

for (const p of problems) console.log(p);
console.log(`checked ${checked} links from ${pages.size} pages (${fragmentLinks.length} to fragments), ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
