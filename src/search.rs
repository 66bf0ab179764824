//! The site search: an index built at build time and a small script that queries it in
//! the browser, with no server and no `fetch()`, so it works on any static host and from
//! `file://`.
//!
//! `search/index.js` assigns the index to `window.BRIEFING_SEARCH`; the search page
//! (`search/index.html`, template `search.html`) loads it and then `search/search.js`
//! with plain `<script src>` tags. The index is compact JSON:
//!
//! ```text
//! { "v": 1,
//!   "b": [[slug, title, date (as a reader says it)], …]   briefings, newest first
//!   "a": [[slug, name, role], …]                           actors
//!   "t": [[slug, name], …]                                 topics
//!   "p": [[slug, title], …]                                free pages
//!   "q": [[briefing, n, actor], …]                         statements, newest first
//!   "w": [word, …]                                         sorted
//!   "d": [postings, …]                                     one per word
//!   "s": 200 }                                             documents per snippet file
//! ```
//!
//! Documents are numbered across the lists in that order (briefings from 0, then actors,
//! topics, pages, statements). A statement points at its briefing and speaker by their
//! position in `b` and `a`, and at its anchor `#quote-<n>`, so no title or URL is stored
//! twice. URLs are rebuilt from slugs (`briefings/<slug>/index.html`, relative to the site
//! root).
//!
//! Snippets (a briefing's or page's summary, a statement's words; at most [`SNIPPET`]
//! characters) are most of the text, so they are not in the index: document `n`'s snippet
//! is entry `n % s` of `search/snippets/<n / s>.js`, a script that calls
//! `BRIEFING_SEARCH_SNIPPETS(<n / s>, ["…", …])`. The search script adds those scripts to
//! the page only for the results it shows (again `<script src>`, so `file://` works).
//!
//! A word's postings are the numbers of the documents it occurs in, ascending, stored as
//! gaps (the first number, then each difference) in base64 VLQ: each character carries
//! five bits, low bits first, and the 32 bit says another character follows. Words come
//! from titles, names, aliases, roles, summaries, topic names, locations and statement
//! text (with the speaker's name), folded the same way the script folds a query: NFKD,
//! combining diacritics (U+0300–U+036F) and apostrophes dropped, lowercased, a few
//! letters that do not decompose spelled out (ß → ss, ø → o, ł → l…), split on anything
//! that is not a letter, digit or mark. Words of one character and common English
//! function words are left out.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::feeds::shorten;
use crate::model::Site;
use crate::render::OutputFile;

/// Longest snippet, in characters.
pub const SNIPPET: usize = 160;
/// Documents per snippet file: about 20 kB each for typical briefings.
pub const SHARD: usize = 200;

/// Words not worth an entry: they are in nearly every document.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "that",
    "the", "their", "they", "this", "to", "was", "we", "were", "will", "with",
];

/// Whether `path` is one this module's [`files`] can write, known without making them
/// (`search/index.html` is the search page, not one of them).
pub fn owns(path: &str) -> bool {
    path.starts_with("search/") && path.ends_with(".js")
}

/// The index, the snippet files and the script.
pub fn files(site: &Site) -> Vec<OutputFile> {
    files_into(site, |f| f)
}

/// [`files`], each handed to `sink` as it is made and let go: at 100,000 briefings the
/// snippets, made all at once, and their files held some 120 MB at the build's peak.
pub fn files_into<T>(site: &Site, mut sink: impl FnMut(OutputFile) -> T) -> Vec<T> {
    let (index, snippets) = build(site);
    let mut out = vec![sink(OutputFile {
        path: "search/index.js".into(),
        bytes: index_script(&index),
    })];
    drop(index);
    out.push(sink(OutputFile {
        path: "search/search.js".into(),
        bytes: script().into_bytes(),
    }));
    for (k, chunk) in snippets.chunks(SHARD).enumerate() {
        let shard: Vec<String> = chunk.iter().map(|s| shorten(s, SNIPPET)).collect();
        out.push(sink(OutputFile {
            path: format!("search/snippets/{k}.js"),
            bytes: js_call(&format!("BRIEFING_SEARCH_SNIPPETS({k},"), &shard, ");\n"),
        }));
    }
    out
}

/// `value` as a script: `before`, the value as JSON escaped as
/// [`ScriptSafe`](crate::escape::ScriptSafe) says, then `after`, made in one buffer.
fn js_call(before: &str, value: &(impl Serialize + ?Sized), after: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(before.len() + after.len() + 1024);
    out.extend_from_slice(before.as_bytes());
    crate::escape::ScriptSafe(&mut out).json(value);
    out.extend_from_slice(after.as_bytes());
    out
}

/// `search/search.js`, with the stop words filled in.
pub fn script() -> String {
    let stop = serde_json::to_string(STOP_WORDS).expect("strings serialise");
    SCRIPT.replace("[/*STOP_WORDS*/]", &stop)
}

// ------------------------------------------------------------------ folding

/// A name or text in the form words are compared in (see the module docs).
pub fn fold(s: &str) -> String {
    // Most text is ASCII, which decomposition and the spellings below leave alone.
    if s.is_ascii() {
        return s
            .bytes()
            .filter(|&b| b != b'\'')
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let stripped: String = s
        .nfkd()
        .filter(|c| !matches!(c, '\u{300}'..='\u{36f}' | '\'' | '‘' | '’' | 'ʼ'))
        .collect();
    let mut out = String::with_capacity(stripped.len());
    for c in stripped.to_lowercase().chars() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ı' => out.push('i'),
            'ħ' => out.push('h'),
            'ς' => out.push('σ'),
            c => out.push(c),
        }
    }
    out
}

/// The indexable words of `s`.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(s, |w| out.push(w.to_string()));
    out
}

/// Calls `f` with each indexable word of `s`, in order, without keeping them.
fn each_word(s: &str, f: impl FnMut(&str)) {
    fold(s)
        .split(|c: char| {
            !(c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
        })
        .filter(|w| w.chars().count() >= 2 && !STOP_WORDS.contains(w))
        .for_each(f);
}

// ------------------------------------------------------------------ postings

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Ascending document numbers as base64 VLQ gaps.
pub fn encode_postings(docs: &[u32]) -> String {
    let mut out = String::with_capacity(docs.len() * 2);
    let mut prev = 0;
    for &d in docs {
        let mut v = d - prev;
        prev = d;
        loop {
            let digit = (v & 31) as usize;
            v >>= 5;
            if v == 0 {
                out.push(B64[digit] as char);
                break;
            }
            out.push(B64[digit | 32] as char);
        }
    }
    out
}

/// The inverse of [`encode_postings`] (for tests, and as the reference for the script).
pub fn decode_postings(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut acc, mut shift, mut last) = (0u32, 0u32, 0u32);
    for b in s.bytes() {
        let d = B64.iter().position(|&x| x == b).expect("base64 digit") as u32;
        acc |= (d & 31) << shift;
        if d & 32 != 0 {
            shift += 5;
        } else {
            last += acc;
            out.push(last);
            acc = 0;
            shift = 0;
        }
    }
    out
}

// ------------------------------------------------------------------ the index

#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    b: Vec<(&'a str, &'a str, String)>,
    a: Vec<(&'a str, &'a str, &'a str)>,
    t: Vec<(&'a str, &'a str)>,
    p: Vec<(&'a str, &'a str)>,
    q: Vec<(u32, usize, u32)>,
    w: Vec<String>,
    d: Vec<String>,
    s: usize,
}

/// Each word's documents, added in increasing number. A hash map, because the index
/// takes every word of every statement; the words are sorted once at the end.
#[derive(Default)]
struct Postings(std::collections::HashMap<String, Vec<u32>>);

impl Postings {
    fn add(&mut self, doc: u32, texts: &[&str]) {
        for t in texts {
            each_word(t, |w| {
                let docs = match self.0.get_mut(w) {
                    Some(docs) => docs,
                    None => self.0.entry(w.to_string()).or_default(),
                };
                if docs.last() != Some(&doc) {
                    docs.push(doc);
                }
            });
        }
    }

    /// The words in byte order, each with its documents.
    fn sorted(self) -> Vec<(String, Vec<u32>)> {
        let mut all: Vec<_> = self.0.into_iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        all
    }
}

/// The index, and the text of every document's snippet in document order, to be
/// shortened to [`SNIPPET`] characters ("" for none).
fn build(site: &Site) -> (Index<'_>, Vec<&str>) {
    let mut postings = Postings::default();
    let mut snippets = Vec::new();
    let mut doc = 0u32;
    let mut next = || {
        doc += 1;
        doc - 1
    };
    // Position of each briefing in `b` (newest first), for statements to point at.
    let mut b_pos = vec![0u32; site.briefings.len()];
    let mut b = Vec::with_capacity(site.briefings.len());
    let dates = site.config.locale().dates.clone();
    for (i, &id) in site.briefings_by_date.iter().enumerate() {
        let br = &site.briefings[id.index()];
        b_pos[id.index()] = i as u32;
        let mut texts: Vec<&str> = vec![&br.title, &br.summary];
        texts.extend(
            br.topics
                .iter()
                .map(|t| site.topics[t.index()].name.as_str()),
        );
        texts.extend(br.location.as_deref());
        postings.add(next(), &texts);
        b.push((br.slug.as_str(), br.title.as_str(), dates.edtf(&br.date)));
        snippets.push(br.summary.as_str());
    }
    let mut a = Vec::with_capacity(site.actors.len());
    for actor in &site.actors {
        let mut texts: Vec<&str> = vec![&actor.name];
        texts.extend(actor.aliases.iter().map(|x| x.name.as_str()));
        texts.extend(actor.role.as_deref());
        postings.add(next(), &texts);
        a.push((
            actor.slug.as_str(),
            actor.name.as_str(),
            actor.role.as_deref().unwrap_or(""),
        ));
        snippets.push("");
    }
    let mut t = Vec::with_capacity(site.topics.len());
    for topic in &site.topics {
        postings.add(next(), &[&topic.name]);
        t.push((topic.slug.as_str(), topic.name.as_str()));
        snippets.push("");
    }
    let mut p = Vec::with_capacity(site.pages.len());
    for page in &site.pages {
        let summary = page.summary.as_deref().unwrap_or("");
        postings.add(next(), &[&page.title, summary]);
        p.push((page.slug.as_str(), page.title.as_str()));
        snippets.push(summary);
    }
    let mut q = Vec::with_capacity(site.quotes.len());
    for &id in site.quotes_by_date.iter().rev() {
        let quote = &site.quotes[id.index()];
        let speaker = &site.actors[quote.by.index()];
        // A page in another language shows the desk's translation, which readers
        // search for, beside what was said, which they may search for too.
        let shown = quote.translation(&site.config.language);
        match shown {
            Some(t) => postings.add(next(), &[t, &quote.text, &speaker.name]),
            None => postings.add(next(), &[&quote.text, &speaker.name]),
        }
        q.push((b_pos[quote.briefing.index()], quote.ordinal, quote.by.0));
        snippets.push(shown.unwrap_or(&quote.text));
    }
    let (w, d) = postings
        .sorted()
        .into_iter()
        .map(|(w, docs)| (w, encode_postings(&docs)))
        .unzip();
    let index = Index {
        v: 1,
        b,
        a,
        t,
        p,
        q,
        w,
        d,
        s: SHARD,
    };
    (index, snippets)
}

fn index_script(index: &Index) -> Vec<u8> {
    js_call("window.BRIEFING_SEARCH=", index, ";\n")
}

/// `search/search.js`: reads `?q=`, folds and splits the query as [`words`] does,
/// matches every word as a prefix, keeps documents that match all of them, ranks them
/// and lists the first 50 as links. Dependency-free, no inline handlers, plain DOM.
const SCRIPT: &str = r#"/* briefing site search: queries window.BRIEFING_SEARCH (search/index.js). */
(function () {
  "use strict";
  var ROOT = "../";
  var LIMIT = 50;
  var STOP = [/*STOP_WORDS*/];
  var KIND = { b: "Briefing", a: "Actor", t: "Topic", p: "Page", q: "Statement" };
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var SPELL = { "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00fe": "th", "\u00f8": "o",
    "\u0142": "l", "\u0111": "d", "\u00f0": "d", "\u0131": "i", "\u0127": "h", "\u03c2": "\u03c3" };
  // Used only where String.prototype.normalize is missing.
  var LATIN = { a: "\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u0101\u0103\u0105", c: "\u00e7\u0107\u0109\u010b\u010d",
    d: "\u010f", e: "\u00e8\u00e9\u00ea\u00eb\u0113\u0115\u0117\u0119\u011b", g: "\u011d\u011f\u0121\u0123",
    h: "\u0125", i: "\u00ec\u00ed\u00ee\u00ef\u0129\u012b\u012d\u012f", j: "\u0135", k: "\u0137",
    l: "\u013a\u013c\u013e\u0140", n: "\u00f1\u0144\u0146\u0148", o: "\u00f2\u00f3\u00f4\u00f5\u00f6\u014d\u014f\u0151",
    r: "\u0155\u0157\u0159", s: "\u015b\u015d\u015f\u0161", t: "\u0163\u0165\u0167",
    u: "\u00f9\u00fa\u00fb\u00fc\u0169\u016b\u016d\u016f\u0171\u0173", w: "\u0175", y: "\u00fd\u00ff\u0177",
    z: "\u017a\u017c\u017e" };
  var unaccent = {}, stop = {}, digit = {}, k, i;
  for (k in LATIN) for (i = 0; i < LATIN[k].length; i++) unaccent[LATIN[k].charAt(i)] = k;
  for (i = 0; i < STOP.length; i++) stop[STOP[i]] = true;
  for (i = 0; i < B64.length; i++) digit[B64.charAt(i)] = i;
  var splitter;
  try {
    splitter = new RegExp("[^\\p{L}\\p{N}\\p{M}]+", "u");
  } catch (e) {
    splitter = /[\s!-\/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f]+/;
  }

  function fold(s) {
    s = String(s);
    if (s.normalize) {
      s = s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    } else {
      s = s.toLowerCase().replace(/[\u00e0-\u017f]/g, function (c) { return unaccent[c] || c; });
    }
    return s.replace(/['\u2018\u2019\u02bc]/g, "").toLowerCase()
      .replace(/[\u00df\u00e6\u0153\u00fe\u00f8\u0142\u0111\u00f0\u0131\u0127\u03c2]/g, function (c) { return SPELL[c]; });
  }

  function length(w) {
    return w.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "_").length;
  }

  function words(s) {
    var out = [], parts = fold(s).split(splitter);
    for (var i = 0; i < parts.length; i++) {
      if (length(parts[i]) >= 2 && !stop[parts[i]] && out.indexOf(parts[i]) < 0) out.push(parts[i]);
    }
    return out;
  }

  function decode(s) {
    var out = [], acc = 0, mul = 1, last = 0;
    for (var i = 0; i < s.length; i++) {
      var d = digit[s.charAt(i)];
      acc += (d & 31) * mul;
      if (d & 32) {
        mul *= 32;
      } else {
        last += acc;
        out.push(last);
        acc = 0;
        mul = 1;
      }
    }
    return out;
  }

  function Engine(data) {
    this.data = data;
    this.cache = {};
    this.folded = {};
    this.starts = [0, data.b.length];
    this.starts.push(this.starts[1] + data.a.length);
    this.starts.push(this.starts[2] + data.t.length);
    this.starts.push(this.starts[3] + data.p.length);
    this.total = this.starts[4] + data.q.length;
  }

  Engine.prototype.postings = function (i) {
    return this.cache[i] || (this.cache[i] = decode(this.data.d[i]));
  };

  /* A document as shown: {kind, title, url, meta, snippet, lazy}; url is relative to the
     site root; lazy: the snippet is in search/snippets/, not in the index. */
  Engine.prototype.doc = function (n) {
    var d = this.data, s = this.starts, x, b;
    if (n < s[1]) {
      x = d.b[n];
      return { kind: "b", title: x[1], url: "briefings/" + x[0] + "/index.html", meta: x[2], snippet: "", lazy: true };
    }
    if (n < s[2]) {
      x = d.a[n - s[1]];
      return { kind: "a", title: x[1], url: "actors/" + x[0] + "/index.html", meta: "", snippet: x[2], lazy: false };
    }
    if (n < s[3]) {
      x = d.t[n - s[2]];
      return { kind: "t", title: x[1], url: "topics/" + x[0] + "/index.html", meta: "", snippet: "", lazy: false };
    }
    if (n < s[4]) {
      x = d.p[n - s[3]];
      return { kind: "p", title: x[1], url: x[0] + "/index.html", meta: "", snippet: "", lazy: true };
    }
    x = d.q[n - s[4]];
    b = d.b[x[0]];
    return { kind: "q", title: d.a[x[2]][1], url: "briefings/" + b[0] + "/index.html#quote-" + x[1],
      meta: "In \u201c" + b[1] + "\u201d, " + b[2], snippet: "", lazy: true };
  };

  Engine.prototype.foldedTitle = function (n) {
    if (!(n in this.folded)) this.folded[n] = " " + words(this.doc(n).title).join(" ") + " ";
    return this.folded[n];
  };

  /* Documents matching every word of the query (each as a prefix), best first. */
  Engine.prototype.search = function (query) {
    var terms = words(query);
    if (!terms.length) return [];
    var keys = this.data.w, count = new Uint8Array(this.total), score = new Float64Array(this.total);
    var found = [], t, i, j;
    for (t = 0; t < terms.length; t++) {
      var term = terms[t], best = new Uint8Array(this.total), touched = [];
      for (i = 0; i < keys.length; i++) {
        if (keys[i].lastIndexOf(term, 0) !== 0) continue;
        var s = keys[i].length === term.length ? 2 : 1, docs = this.postings(i);
        for (j = 0; j < docs.length; j++) {
          if (!best[docs[j]]) touched.push(docs[j]);
          if (best[docs[j]] < s) best[docs[j]] = s;
        }
      }
      for (j = 0; j < touched.length; j++) {
        if (count[touched[j]] === t) {
          count[touched[j]] = t + 1;
          score[touched[j]] += best[touched[j]];
        }
      }
    }
    for (i = 0; i < this.total; i++) {
      if (count[i] !== terms.length) continue;
      var title = this.foldedTitle(i), bonus = i >= this.starts[1] && i < this.starts[4] ? 1 : 0;
      for (t = 0; t < terms.length; t++) {
        if (title.indexOf(" " + terms[t]) >= 0) bonus += title.indexOf(" " + terms[t] + " ") >= 0 ? 3 : 2;
      }
      found.push({ n: i, score: score[i] + bonus });
    }
    found.sort(function (x, y) { return y.score - x.score || x.n - y.n; });
    return found;
  };

  window.BRIEFING_SEARCH_ENGINE = { fold: fold, words: words, decode: decode, Engine: Engine };

  if (typeof document === "undefined") return;
  var form = document.getElementById("search-form"), input = document.getElementById("search-q");
  var status = document.getElementById("search-status"), list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;
  var data = window.BRIEFING_SEARCH;
  if (!data || data.v !== 1) {
    status.textContent = "The search index did not load, so search is unavailable.";
    return;
  }
  var engine = new Engine(data), timer = null, shown = null, shards = {}, waiting = {};

  /* Snippet files call this when they load. */
  window.BRIEFING_SEARCH_SNIPPETS = function (k, list) {
    var callbacks = waiting[k] || [];
    shards[k] = list;
    delete waiting[k];
    for (var i = 0; i < callbacks.length; i++) callbacks[i]();
  };

  /* Calls done(snippet of document n), loading its snippet file first if need be. */
  function withSnippet(n, done) {
    var k = Math.floor(n / data.s), get = function () { done(shards[k][n - k * data.s] || ""); };
    if (shards[k]) return get();
    if (!waiting[k]) {
      waiting[k] = [];
      var script = document.createElement("script");
      script.src = "snippets/" + k + ".js";
      script.addEventListener("error", function () { delete waiting[k]; });
      document.body.appendChild(script);
    }
    waiting[k].push(get);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.appendChild(document.createTextNode(text));
    return e;
  }

  function show(query) {
    query = query.replace(/^\s+|\s+$/g, "");
    if (query === shown) return;
    shown = query;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!query) {
      status.textContent = "";
      return;
    }
    if (!words(query).length) {
      status.textContent = "Type a longer or more specific word.";
      return;
    }
    var found = engine.search(query);
    status.textContent = found.length === 0 ? "Nothing found for \u201c" + query + "\u201d."
      : (found.length === 1 ? "1 result" : found.length + " results") + " for \u201c" + query + "\u201d" +
        (found.length > LIMIT ? "; showing the first " + LIMIT + "." : ".");
    for (var i = 0; i < found.length && i < LIMIT; i++) {
      var d = engine.doc(found[i].n), li = el("li", "search-result search-" + d.kind);
      var head = el("p", "search-title"), a = el("a", null, d.title);
      a.href = ROOT + d.url;
      head.appendChild(el("span", "search-kind", KIND[d.kind]));
      head.appendChild(document.createTextNode(" \u00b7 "));
      head.appendChild(a);
      li.appendChild(head);
      if (d.meta) li.appendChild(el("p", "search-meta", d.meta));
      if (d.snippet || d.lazy) li.appendChild(el("p", "search-snippet", d.snippet));
      if (d.lazy) fill(li.lastChild, found[i].n, d.kind === "q");
      list.appendChild(li);
    }
  }

  function fill(p, n, quoted) {
    withSnippet(n, function (text) {
      if (text) p.textContent = quoted ? "\u201c" + text + "\u201d" : text;
      else if (p.parentNode) p.parentNode.removeChild(p);
    });
  }

  function remember(query) {
    try {
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (e) { /* file:// in some browsers */ }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); remember(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    show(input.value);
    remember(input.value);
  });
  var m = /[?&]q=([^&#]*)/.exec(location.search);
  if (m) {
    try {
      input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
    } catch (e) {
      input.value = m[1];
    }
  }
  show(input.value);
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// `search/index.js`: the index assigned to `window.BRIEFING_SEARCH`.
    fn index_js(site: &Site) -> String {
        String::from_utf8(index_script(&build(site).0)).unwrap()
    }
    use crate::discover::Section;
    use crate::feeds::testing::{sample, site, source};
    use crate::render::OutputFile;
    use serde_json::Value;

    fn index_value(site: &Site) -> Value {
        let js = index_js(site);
        let json = js
            .strip_prefix("window.BRIEFING_SEARCH=")
            .and_then(|s| s.strip_suffix(";\n"))
            .expect("assignment to the global");
        serde_json::from_str(json).unwrap()
    }

    /// The documents a word is in.
    fn docs_of(v: &Value, word: &str) -> Vec<u32> {
        let i = v["w"]
            .as_array()
            .unwrap()
            .iter()
            .position(|w| w == word)
            .unwrap_or_else(|| panic!("no word {word:?}"));
        decode_postings(v["d"][i].as_str().unwrap())
    }

    #[test]
    fn folding_matches_editors_expectations() {
        assert_eq!(fold("Zelenskýy’s"), "zelenskyys");
        assert_eq!(fold("Straße ØRSTED Łódź"), "strasse orsted lodz");
        assert_eq!(fold("ﬁnal"), "final");
        assert_eq!(
            words("The UN's envoy, in Kyiv — and Зеленський!"),
            ["uns", "envoy", "kyiv", "зеленськии"]
        );
        assert_eq!(words("a I x 42 2022-03-06"), ["42", "2022", "03", "06"]);
    }

    #[test]
    fn postings_round_trip() {
        for docs in [
            vec![],
            vec![0],
            vec![0, 1, 2, 31, 32, 33, 1023, 1024, 40_000, 1_000_000],
            vec![5, 100_000],
        ] {
            let s = encode_postings(&docs);
            assert!(s.bytes().all(|b| B64.contains(&b)));
            assert_eq!(decode_postings(&s), docs);
        }
        assert_eq!(encode_postings(&[0, 1, 2]), "ABB");
        assert_eq!(encode_postings(&[31, 32]), "fB");
        assert_eq!(encode_postings(&[32]), "gB");
    }

    #[test]
    fn index_is_a_global_assignment_with_all_document_kinds() {
        let s = sample(None);
        let v = index_value(&s);
        assert_eq!(v["v"], 1);
        // Newest briefing first.
        assert_eq!(v["b"][0][0], "very-credible");
        assert_eq!(v["b"][0][2], "6 March 2022");
        assert_eq!(v["b"][1][0], "older");
        assert_eq!(
            v["a"][0],
            serde_json::json!(["antony-blinken", "Antony Blinken", "US Secretary of State"])
        );
        assert_eq!(v["t"].as_array().unwrap().len(), 2);
        assert_eq!(v["p"][0][0], "about");
        // Statements, newest first, point at their briefing (in b) and speaker (in a).
        assert_eq!(v["q"][0], serde_json::json!([0, 1, 0]));
        assert_eq!(v["q"][2], serde_json::json!([1, 1, 0]));
        assert_eq!(v["s"], SHARD);
        // Long text lives in the snippet files only.
        assert!(!index_js(&s).contains("credible, "));
    }

    /// The snippet files, parsed: shard number → snippets.
    fn shards(files: &[OutputFile]) -> Vec<(usize, Vec<String>)> {
        files
            .iter()
            .filter(|f| f.path.starts_with("search/snippets/"))
            .map(|f| {
                let text = std::str::from_utf8(&f.bytes).unwrap();
                let k: usize = f.path["search/snippets/".len()..f.path.len() - 3]
                    .parse()
                    .unwrap();
                let json = text
                    .strip_prefix(&format!("BRIEFING_SEARCH_SNIPPETS({k},"))
                    .and_then(|s| s.strip_suffix(");\n"))
                    .expect("a call to the loader");
                (k, serde_json::from_str(json).unwrap())
            })
            .collect()
    }

    #[test]
    fn snippets_are_in_files_by_document_number() {
        let files = files(&sample(None));
        let shards = shards(&files);
        assert_eq!(shards.len(), 1);
        let (k, list) = &shards[0];
        assert_eq!(*k, 0);
        // Docs: b 0-1, a 2-4, t 5-6, p 7, q 8-10.
        assert_eq!(list.len(), 11);
        assert_eq!(
            list[0],
            "Blinken calls reports very credible. Zelenskýy asks for more, ]]> =1+1"
        );
        assert_eq!(list[1], "First paragraph.");
        assert_eq!(list[2], "");
        assert_eq!(list[7], "");
        assert_eq!(list[8], "very credible, \"deliberate\"");
        assert_eq!(list[10], "-we will respond");
    }

    #[test]
    fn snippet_files_hold_shard_documents_each() {
        let mut sources = vec![source(Section::Actor, "x", "---\nname: X\n---\n")];
        for i in 0..SHARD {
            sources.push(source(
                Section::Briefing,
                &format!("b{i:03}"),
                &format!("---\ntitle: T{i}\ndate: 2022\nsummary: S{i}\n---\n"),
            ));
        }
        let s = site(None, &sources);
        let shards = shards(&files(&s));
        assert_eq!(shards.len(), 2);
        assert_eq!(shards[0].1.len(), SHARD);
        assert_eq!(shards[1], (1, vec![String::new()]));
    }

    #[test]
    fn words_point_at_the_right_documents() {
        let s = sample(None);
        let v = index_value(&s);
        // Docs: b 0-1, a 2-4, t 5-6, p 7, q 8-10.
        assert_eq!(docs_of(&v, "credible"), [0, 8]);
        // Name, alias and speaker name of statements.
        assert_eq!(docs_of(&v, "blinken"), [0, 2, 8, 10]);
        assert_eq!(docs_of(&v, "tony"), [2]);
        assert_eq!(docs_of(&v, "secretary"), [2]);
        // Diacritics folded; Cyrillic alias kept.
        assert_eq!(docs_of(&v, "zelenskyy"), [0, 4, 9]);
        assert_eq!(docs_of(&v, "зеленськии"), [4]);
        // Topic names and locations index their briefings too.
        assert_eq!(docs_of(&v, "sanctions"), [1, 6]);
        assert_eq!(docs_of(&v, "rzeszow"), [0]);
        assert!(
            !v["w"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w == "the" || w == "a")
        );
        let words: Vec<&str> = v["w"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        assert_eq!(words, sorted);
    }

    #[test]
    fn snippets_are_short_and_text_is_not_repeated() {
        let long = "word ".repeat(100);
        let s = site(
            None,
            &[
                source(Section::Actor, "x", "---\nname: X\n---\n"),
                source(
                    Section::Briefing,
                    "b",
                    &format!(
                        "---\ntitle: T\ndate: 2022\nsummary: {long}\nquotes:\n  - by: x\n    text: {long}\n    said: 2022\n---\n"
                    ),
                ),
            ],
        );
        let files = files(&s);
        let list = &shards(&files)[0].1;
        assert!(list[0].chars().count() <= SNIPPET);
        assert!(list[0].ends_with('…'));
        assert!(list[2].chars().count() <= SNIPPET);
        assert!(index_js(&s).len() < 500);
    }

    #[test]
    fn line_separators_are_escaped_for_old_engines() {
        let s = site(
            None,
            &[source(
                Section::Briefing,
                "b",
                "---\ntitle: \"a\u{2028}b\u{2029}c\"\ndate: 2022\n---\n",
            )],
        );
        let js = index_js(&s);
        assert!(!js.contains('\u{2028}') && !js.contains('\u{2029}'));
        assert!(js.contains("a\\u2028b\\u2029c"));
        assert_eq!(index_value(&s)["b"][0][1], "a\u{2028}b\u{2029}c");
        let snippets = &files(&s)[2];
        assert!(
            !snippets
                .bytes
                .windows(3)
                .any(|w| w == "\u{2028}".as_bytes())
        );
    }

    #[test]
    fn script_gets_the_stop_words_and_no_inline_handlers() {
        let js = script();
        assert!(js.contains("var STOP = [\"an\",\"and\""));
        assert!(!js.contains("/*STOP_WORDS*/"));
        assert!(!js.contains("innerHTML"));
        assert!(!js.contains("fetch("));
        let files = files(&sample(None));
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "search/index.js",
                "search/search.js",
                "search/snippets/0.js"
            ]
        );
    }

    #[test]
    fn index_is_deterministic() {
        assert_eq!(index_js(&sample(None)), index_js(&sample(None)));
    }

    /// Runs the script's engine under Node against the sample index.
    #[test]
    #[ignore = "needs node"]
    fn script_finds_results_in_node() {
        let dir = std::env::temp_dir().join(format!("briefing-search-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let harness = format!(
            "var window = globalThis;\n{}\n{}\n{}",
            index_js(&sample(None)),
            script(),
            r#"
var E = window.BRIEFING_SEARCH_ENGINE, e = new E.Engine(window.BRIEFING_SEARCH);
function titles(q) { return e.search(q).map(function (r) { var d = e.doc(r.n); return d.kind + ":" + d.title + ":" + d.url; }); }
console.log(JSON.stringify({
  fold: E.fold("Zelenskýy’s Straße"),
  words: E.words("The UN's envoy, in Kyiv — and Зеленський!"),
  blink: titles("blink"),
  credible: titles("Blinken credible"),
  zel: titles("zelenskyy"),
  cyr: titles("Зеленський"),
  none: titles("nothing-like-this"),
  stop: titles("the and"),
}));
"#
        );
        let path = dir.join("t.js");
        std::fs::write(&path, harness).unwrap();
        let out = std::process::Command::new("node")
            .arg(&path)
            .output()
            .expect("node");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["fold"], fold("Zelenskýy’s Straße"));
        assert_eq!(
            v["words"],
            serde_json::json!(words("The UN's envoy, in Kyiv — and Зеленський!"))
        );
        assert_eq!(
            v["blink"][0],
            "a:Antony Blinken:actors/antony-blinken/index.html"
        );
        assert_eq!(v["blink"].as_array().unwrap().len(), 4);
        assert_eq!(
            v["credible"],
            serde_json::json!([
                "b:Blinken: reports are 'very credible' & <serious>:briefings/very-credible/index.html",
                "q:Antony Blinken:briefings/very-credible/index.html#quote-1",
            ])
        );
        assert_eq!(
            v["zel"][0],
            "a:Volodymyr Zelenskyy:actors/volodymyr-zelenskyy/index.html"
        );
        assert_eq!(
            v["cyr"],
            serde_json::json!(["a:Volodymyr Zelenskyy:actors/volodymyr-zelenskyy/index.html"])
        );
        assert_eq!(v["none"], serde_json::json!([]));
        assert_eq!(v["stop"], serde_json::json!([]));
        std::fs::remove_dir_all(&dir).ok();
    }
}
