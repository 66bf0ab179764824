"""Parses every feed of a built site with feedparser, as a feed reader would.

    python3 tests/tools/feeds.py PUBLIC_DIR

A feed is every *.xml file under PUBLIC_DIR but the sitemaps. Each must parse without
feedparser's `bozo` flag (not well-formed, wrong encoding…), be Atom 1.0, have a title
and at least one entry (but a language's feed of an actor, topic or author, under
`<lang>/`, which is empty until something of theirs is translated), and each entry an
id, a title and a link. Prints one line per
feed and one per problem; exits 1 if there is any problem, 2 if there is no feed at all.
"""

import pathlib
import sys

import feedparser


def may_be_empty(rel: str) -> bool:
    parts = rel.split("/")
    return len(parts) == 4 and parts[1] in ("actors", "topics", "authors")


def problems_of(path: pathlib.Path, rel: str) -> tuple[list[str], int]:
    feed = feedparser.parse(path.read_bytes())
    out = []
    if feed.bozo:
        out.append(f"bozo: {feed.bozo_exception!r}")
    if feed.version != "atom10":
        out.append(f"not Atom 1.0 but {feed.version or 'unknown'!r}")
    if not feed.feed.get("title"):
        out.append("no feed title")
    if not feed.entries and not may_be_empty(rel):
        out.append("no entries")
    for i, entry in enumerate(feed.entries, 1):
        for key in ("id", "title", "link"):
            if not entry.get(key):
                out.append(f"entry {i} has no {key}")
    return out, len(feed.entries)


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: feeds.py PUBLIC_DIR", file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    feeds = sorted(p for p in root.rglob("*.xml") if not p.name.startswith("sitemap"))
    if not feeds:
        print(f"no feed under {root}", file=sys.stderr)
        return 2
    failed = 0
    for path in feeds:
        rel = path.relative_to(root).as_posix()
        problems, entries = problems_of(path, rel)
        print(f"{rel}: {entries} entries{'' if not problems else ', ' + str(len(problems)) + ' problems'}")
        for p in problems:
            print(f"  {rel}: {p}")
        failed += bool(problems)
    print(f"{len(feeds)} feeds, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
