"""Checks a built site's sitemap.xml against the pages it has.

    python3 tests/tools/sitemap.py PUBLIC_DIR BASE_URL

sitemap.xml must be well-formed XML in the sitemaps.org namespace (<urlset> of <url>
with one <loc> each, no <loc> twice) and list exactly the site's HTML pages: every
*.html file under PUBLIC_DIR but 404.html and each language's search/index.html, each
as BASE_URL + its path with a trailing `index.html` dropped. Each <xhtml:link
rel="alternate"> of a <url> must name a listed page, and the page itself among them.
Prints what is missing or extra; exits 1 if anything is.
"""

import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NOT_LISTED = {"404.html", "search/index.html"}


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: sitemap.py PUBLIC_DIR BASE_URL", file=sys.stderr)
        return 2
    root, base = pathlib.Path(sys.argv[1]), sys.argv[2]
    if not base.endswith("/"):
        base += "/"
    problems = []
    try:
        tree = ET.parse(root / "sitemap.xml")
    except (ET.ParseError, OSError) as e:
        print(f"sitemap.xml: {e}")
        return 1
    urlset = tree.getroot()
    if urlset.tag != f"{NS}urlset":
        problems.append(f"root element is {urlset.tag}, not {NS}urlset")
    listed = []
    alternates = []
    for i, url in enumerate(urlset, 1):
        if url.tag != f"{NS}url":
            problems.append(f"child {i} is {url.tag}, not {NS}url")
            continue
        locs = url.findall(f"{NS}loc")
        if len(locs) != 1 or not (locs[0].text or "").strip():
            problems.append(f"<url> {i} has {len(locs)} <loc>")
            continue
        listed.append(locs[0].text.strip())
        links = url.findall(f"{XHTML}link")
        hrefs = [link.get("href") for link in links]
        if links and listed[-1] not in hrefs:
            problems.append(f"{listed[-1]} is not among its own alternates")
        alternates.extend(hrefs)
    for loc in sorted({u for u in listed if listed.count(u) > 1}):
        problems.append(f"listed more than once: {loc}")

    pages = set()
    for path in root.rglob("*.html"):
        rel = path.relative_to(root).as_posix()
        if rel in NOT_LISTED or rel.split("/", 1)[-1] == "search/index.html":
            continue
        pages.add(base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    for loc in sorted(pages - set(listed)):
        problems.append(f"missing: {loc}")
    for loc in sorted(set(listed) - pages):
        problems.append(f"not a page of the site: {loc}")
    for href in sorted(set(alternates) - set(listed)):
        problems.append(f"an alternate that is not listed: {href}")

    for p in problems:
        print(p)
    print(f"{len(listed)} URLs listed, {len(pages)} pages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
