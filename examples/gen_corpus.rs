//! Generate a deterministic, clearly synthetic site of conflict briefings in briefing's
//! content model, for benchmarks and load tests.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --briefings 10000 --actors 1000 --out DIR [--seed 42] [--force]
//! ```
//!
//! Writes `DIR/site.yaml`, `DIR/content/actors/actor-0001.md`…,
//! `DIR/content/topics/topic-01.md`… and `DIR/content/briefings/briefing-00001.md`….
//! The same arguments always give a byte-identical tree: the only randomness is a
//! `SplitMix64` generator seeded from `--seed`, every briefing draws from its own stream
//! (so the files can be written in parallel without changing a byte), and all weights
//! are integers (no floating point whose rounding could differ between platforms).
//!
//! Names are fake on purpose ("Actor 0042", "Region 07", "Topic 03"): never real people.
//! Front-matter strings are JSON-style double-quoted ASCII; full `YYYY-MM-DD` dates are
//! left plain, as an editor would type them, and the other EDTF forms are quoted.
//! Standard library only.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: cargo run --release --example gen_corpus -- --briefings N --actors N --out DIR [--seed S] [--force]

  --briefings N   number of briefings to write (at least 1)
  --actors N      number of actors to write (at least 1)
  --out DIR       site directory: DIR/site.yaml and DIR/content/ are written
  --seed S        random seed, an unsigned 64-bit integer (default 42)
  --force         delete an existing non-empty DIR/content first
  -h, --help      show this help
";

const SITE_TITLE: &str = "Synthetic conflict briefings";
/// Upper bound for `--briefings` and `--actors`, to catch a typo before it fills a disk.
const MAX_COUNT: usize = 10_000_000;
const N_REGIONS: usize = 40;
/// Briefings are spread evenly over ten years from 2015-01-01.
const START: (i64, u32, u32) = (2015, 1, 1);
const SPAN_DAYS: i64 = 3652;

// Vocabulary: all ASCII, all invented.
#[rustfmt::skip]
const TOPICS: [&str; 30] = [
    "ceasefire", "humanitarian access", "sanctions", "displacement", "negotiations",
    "prisoner exchange", "civilian casualties", "arms transfers", "border security",
    "elections", "mediation", "peacekeeping", "food security", "detentions",
    "cross-border shelling", "aid convoys", "landmines", "energy infrastructure",
    "refugee returns", "war crimes", "accountability", "information operations",
    "maritime incidents", "air defence", "reconstruction", "hostage release",
    "militia activity", "curfews", "water supply", "medical facilities",
];
#[rustfmt::skip]
const ROLES_PERSON: &[&str] = &[
    "minister", "spokesperson", "commander", "envoy", "negotiator", "mayor", "governor",
    "deputy minister",
];
#[rustfmt::skip]
const ROLES_ORGANISATION: &[&str] = &[
    "relief agency", "monitoring mission", "rights group", "regional body", "news agency",
];
const ROLES_STATE: &[&str] = &["government", "neighbouring state", "guarantor state"];
const ROLES_GROUP: &[&str] = &["armed group", "militia", "coalition", "civil defence unit"];
#[rustfmt::skip]
const VENUES: &[&str] = &[
    "press conference", "televised address", "written statement", "field interview",
    "security council briefing", "radio interview", "social media post", "joint communique",
];
#[rustfmt::skip]
const PUBLISHERS: &[&str] = &[
    "Wire Service 1", "Wire Service 2", "Regional Monitor", "Field Bulletin", "Daily Ledger",
    "Observer Network",
];
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "condemned", "welcomed", "rejected", "proposed", "questioned", "reaffirmed", "disputed",
    "endorsed", "postponed", "announced", "suspended", "demanded",
];
#[rustfmt::skip]
const NOUNS: &[&str] = &[
    "the ceasefire terms", "a new monitoring mechanism", "the aid corridor",
    "the prisoner list", "a joint inspection", "the evacuation schedule",
    "the latest casualty figures", "a humanitarian pause", "the draft agreement",
    "renewed shelling", "the checkpoint closures", "the sanctions package",
    "the verification report", "a local truce", "the withdrawal timetable",
];
#[rustfmt::skip]
const ADVS: &[&str] = &[
    "sharply", "cautiously", "publicly", "again", "formally", "quietly", "repeatedly",
];
#[rustfmt::skip]
const FILL: &[&str] = &[
    "Observers said the situation remained fluid as", "Local officials reported that",
    "According to field teams,", "Several convoys were delayed while",
    "Residents described how", "Analysts noted that", "The monitoring mission logged that",
    "Independent verification was not possible, but", "Earlier in the week,",
    "Diplomatic sources indicated that",
];
#[rustfmt::skip]
const TAILS: &[&str] = &[
    "around the northern approaches", "near the main crossing point", "along the supply route",
    "in the contested districts", "before dawn", "despite earlier assurances",
    "for the third consecutive day", "after talks broke down", "pending further consultations",
    "while negotiators met behind closed doors",
];
#[rustfmt::skip]
const EVENT_WHAT: &[&str] = &[
    "Shelling reported", "Aid convoy turned back", "Talks resume", "Checkpoint closed",
    "Prisoner exchange completed", "Curfew imposed", "Evacuation begins", "Truce announced",
    "Monitoring team denied access", "Power lines damaged",
];
#[rustfmt::skip]
const SECTION_HEADINGS: &[&str] = &[
    "Humanitarian picture", "Diplomatic track", "Security assessment", "Local reaction",
];
#[rustfmt::skip]
const GRADE_RELIABILITY: &[char] = &['A', 'B', 'B', 'B', 'C', 'C', 'D', 'E', 'F'];
#[rustfmt::skip]
const GRADE_CREDIBILITY: &[char] = &['1', '2', '2', '3', '3', '3', '4', '5', '6'];

// ------------------------------------------------------------------ arguments

struct Args {
    briefings: usize,
    actors: usize,
    out: PathBuf,
    seed: u64,
    force: bool,
}

/// `Ok(None)` means help was asked for.
fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut briefings, mut actors, mut out) = (None, None, None);
    let (mut seed, mut force) = (42u64, false);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--force" => {
                if inline.is_some() {
                    return Err("--force takes no value".into());
                }
                force = true;
            }
            "--briefings" | "--actors" | "--out" | "--seed" => {
                let value = match inline {
                    Some(v) => v,
                    None => it.next().ok_or_else(|| format!("{flag} needs a value"))?,
                };
                match flag.as_str() {
                    "--briefings" => briefings = Some(parse_count(&flag, &value)?),
                    "--actors" => actors = Some(parse_count(&flag, &value)?),
                    "--seed" => {
                        seed = value.parse().map_err(|_| {
                            format!("--seed wants an unsigned integer, not `{value}`")
                        })?;
                    }
                    _ => {
                        if value.is_empty() {
                            return Err("--out needs a directory".into());
                        }
                        out = Some(PathBuf::from(value));
                    }
                }
            }
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    Ok(Some(Args {
        briefings: briefings.ok_or("--briefings is required")?,
        actors: actors.ok_or("--actors is required")?,
        out: out.ok_or("--out is required")?,
        seed,
        force,
    }))
}

fn parse_count(flag: &str, value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if (1..=MAX_COUNT).contains(&n) => Ok(n),
        _ => Err(format!(
            "{flag} wants a whole number from 1 to {MAX_COUNT}, not `{value}`"
        )),
    }
}

// ------------------------------------------------------------------ randomness

/// `SplitMix64`: tiny, fast, and good enough for synthetic text.
struct Rng(u64);

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// An independent stream for (`seed`, `tag`, `index`).
    fn stream(seed: u64, tag: u64, index: u64) -> Self {
        let a = mix64(seed.wrapping_add(0x9E37_79B9_7F4A_7C15));
        let b = mix64(a ^ tag.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng(mix64(b ^ index.wrapping_mul(0xABC9_8388_FB8F_AC03)))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Index drawn with the given integer weights.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// Zipf-like popularity with exponent 1: item `r` has weight `1 / (r + offset)`.
struct Zipf {
    cum: Vec<u64>,
}

impl Zipf {
    fn new(n: usize, offset: u64) -> Self {
        let mut total = 0u64;
        let cum = (0..n as u64)
            .map(|r| {
                total += (1u64 << 40) / (r + offset);
                total
            })
            .collect();
        Zipf { cum }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cum.last().expect("Zipf over at least one item");
        let x = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
        self.cum.partition_point(|&c| c <= x)
    }

    /// Appends distinct draws to `out` until it holds `k` items (`k <= n`).
    fn fill_distinct(&self, rng: &mut Rng, k: usize, out: &mut Vec<usize>) {
        let k = k.min(self.cum.len());
        while out.len() < k {
            let j = self.sample(rng);
            if !out.contains(&j) {
                out.push(j);
            }
        }
    }
}

// ------------------------------------------------------------------ dates

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn push_day(out: &mut String, day: i64) {
    let (y, m, d) = civil_from_days(day);
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
}

/// A plain full date, as an editor types it.
fn push_plain_date(out: &mut String, key: &str, indent: &str, day: i64) {
    let _ = write!(out, "{indent}{key}: ");
    push_day(out, day);
    out.push('\n');
}

/// An EDTF date on or shortly before `day`, in one of the forms the content model
/// accepts, drawn with `weights` over: full date, month, year, uncertain day `?`,
/// approximate month `~`, unspecified day `XX`, interval. Any form but a full date is
/// quoted (a bare `2019` would otherwise be a YAML integer).
fn push_edtf(
    out: &mut String,
    rng: &mut Rng,
    key: &str,
    indent: &str,
    day: i64,
    weights: &[usize; 7],
) {
    let form = rng.weighted(weights);
    if form == 0 {
        push_plain_date(out, key, indent, day);
        return;
    }
    let (y, m, d) = civil_from_days(day);
    let _ = write!(out, "{indent}{key}: \"");
    let _ = match form {
        1 => write!(out, "{y:04}-{m:02}"),
        2 => write!(out, "{y:04}"),
        3 => write!(out, "{y:04}-{m:02}-{d:02}?"),
        4 => write!(out, "{y:04}-{m:02}~"),
        5 => write!(out, "{y:04}-{m:02}-XX"),
        _ => {
            push_day(out, day - rng.range(1, 6) as i64);
            out.push('/');
            push_day(out, day);
            Ok(())
        }
    };
    out.push_str("\"\n");
}

// ------------------------------------------------------------------ YAML

/// A JSON-style double-quoted scalar, valid YAML for any input.
fn push_q(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || !c.is_ascii() => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `indent key: "value"\n`
fn push_kv(out: &mut String, indent: &str, key: &str, value: &str) {
    out.push_str(indent);
    out.push_str(key);
    out.push_str(": ");
    push_q(out, value);
    out.push('\n');
}

/// `indent key: ["a", "b"]\n`
fn push_list<'a>(out: &mut String, indent: &str, key: &str, items: impl Iterator<Item = &'a str>) {
    out.push_str(indent);
    out.push_str(key);
    out.push_str(": [");
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        push_q(out, item);
    }
    out.push_str("]\n");
}

// ------------------------------------------------------------------ model

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Person,
    Organisation,
    State,
    Group,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::State => "state",
            Kind::Group => "group",
        }
    }

    /// Actors only affiliate upwards (person → group/organisation → state), so
    /// affiliations never form a cycle.
    fn rank(self) -> u8 {
        match self {
            Kind::Person => 0,
            Kind::Organisation | Kind::Group => 1,
            Kind::State => 2,
        }
    }

    fn roles(self) -> &'static [&'static str] {
        match self {
            Kind::Person => ROLES_PERSON,
            Kind::Organisation => ROLES_ORGANISATION,
            Kind::State => ROLES_STATE,
            Kind::Group => ROLES_GROUP,
        }
    }
}

struct Actor {
    slug: String,
    name: String,
    alias: Option<String>,
    kind: Kind,
    role: &'static str,
    region: usize,
    affiliations: Vec<usize>,
}

impl Actor {
    /// A ref as an editor would write it: mostly the slug or the name, sometimes the alias.
    fn any_ref(&self, rng: &mut Rng) -> &str {
        match rng.below(10) {
            0..=4 => &self.slug,
            5..=8 => &self.name,
            _ => self.alias.as_deref().unwrap_or(&self.name),
        }
    }
}

struct Corpus {
    seed: u64,
    n: usize,
    width: usize,
    actors: Vec<Actor>,
    actor_zipf: Zipf,
    topic_zipf: Zipf,
    topic_names: Vec<String>,
    start_day: i64,
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

impl Corpus {
    fn new(args: &Args) -> Self {
        let mut rng = Rng::stream(args.seed, 1, 0);
        let width = digits(args.actors).max(4);
        let kinds = [Kind::Person, Kind::Organisation, Kind::State, Kind::Group];
        let mut actors: Vec<Actor> = (1..=args.actors)
            .map(|i| {
                let kind = kinds[rng.weighted(&[55, 20, 10, 15])];
                Actor {
                    slug: format!("actor-{i:0width$}"),
                    name: format!("Actor {i:0width$}"),
                    alias: rng.chance(35).then(|| format!("A{i:0width$}")),
                    kind,
                    role: rng.pick(kind.roles()),
                    region: rng.range(1, N_REGIONS),
                    affiliations: Vec::new(),
                }
            })
            .collect();
        // Affiliations favour popular actors, like coverage does.
        let zipf = Zipf::new(actors.len(), 1);
        for i in 0..actors.len() {
            let rank = actors[i].kind.rank();
            let wanted = match actors[i].kind {
                Kind::Person => rng.weighted(&[40, 45, 15]),
                Kind::Organisation | Kind::Group => rng.weighted(&[60, 40, 0]),
                Kind::State => 0,
            };
            let mut tries = 0;
            while actors[i].affiliations.len() < wanted && tries < 64 {
                tries += 1;
                let j = zipf.sample(&mut rng);
                if actors[j].kind.rank() > rank && !actors[i].affiliations.contains(&j) {
                    actors[i].affiliations.push(j);
                }
            }
        }
        Corpus {
            seed: args.seed,
            n: args.briefings,
            width: digits(args.briefings).max(5),
            actors,
            actor_zipf: zipf,
            topic_zipf: Zipf::new(TOPICS.len(), 3),
            topic_names: (1..=TOPICS.len())
                .map(|i| format!("Topic {i:02}"))
                .collect(),
            start_day: days_from_civil(START.0, START.1, START.2),
        }
    }
}

// ------------------------------------------------------------------ prose

/// How an actor is named in a body.
#[derive(Clone, Copy)]
enum Mention {
    Plain,
    /// `[[actor-0042|Actor 0042]]`
    WikiSlug,
    /// `[[Actor 0042]]`
    WikiName,
}

fn push_actor(out: &mut String, a: &Actor, how: Mention) {
    match how {
        Mention::Plain => out.push_str(&a.name),
        Mention::WikiSlug => {
            let _ = write!(out, "[[{}|{}]]", a.slug, a.name);
        }
        Mention::WikiName => {
            let _ = write!(out, "[[{}]]", a.name);
        }
    }
}

fn wiki(rng: &mut Rng) -> Mention {
    if rng.chance(50) {
        Mention::WikiSlug
    } else {
        Mention::WikiName
    }
}

/// An adverb, sometimes emphasised in one of Markdown's three ways.
fn push_adverb(out: &mut String, rng: &mut Rng) {
    let adv = rng.pick(ADVS);
    let _ = match rng.below(10) {
        0 => write!(out, "*{adv}*"),
        1 => write!(out, "**{adv}**"),
        2 => write!(out, "_{adv}_"),
        _ => write!(out, "{adv}"),
    };
}

/// Everything a briefing's prose draws on.
struct Scene<'a> {
    cast: Vec<&'a Actor>,
    region: usize,
}

/// One narrative sentence. With `actor = Some(how)` the sentence names an actor of the
/// cast that way; otherwise it may name one plainly, or none.
fn push_sentence(out: &mut String, rng: &mut Rng, scene: &Scene, actor: Option<Mention>) {
    let a = rng.pick(&scene.cast);
    let how = actor.unwrap_or(Mention::Plain);
    let template = if actor.is_some() {
        rng.pick(&[0, 2, 4])
    } else {
        rng.pick(&[0, 1, 2, 3, 4])
    };
    match template {
        0 => {
            push_actor(out, a, how);
            out.push(' ');
            push_adverb(out, rng);
            let _ = write!(
                out,
                " {} {} {}.",
                rng.pick(VERBS),
                rng.pick(NOUNS),
                rng.pick(TAILS)
            );
        }
        1 => {
            let _ = write!(
                out,
                "{} {} in Region {:02} was {} {}.",
                rng.pick(FILL),
                rng.pick(NOUNS),
                scene.region,
                rng.pick(VERBS),
                rng.pick(TAILS)
            );
        }
        2 => {
            let _ = write!(out, "{} ", rng.pick(FILL));
            push_actor(out, a, how);
            let _ = write!(out, " {} {}.", rng.pick(VERBS), rng.pick(NOUNS));
        }
        3 => {
            let _ = write!(
                out,
                "In Region {:02}, {} came up ",
                scene.region,
                rng.pick(NOUNS)
            );
            push_adverb(out, rng);
            let _ = write!(out, " {}.", rng.pick(TAILS));
        }
        _ => {
            let b = rng.pick(&scene.cast);
            push_actor(out, a, how);
            if !std::ptr::eq(a, b) {
                out.push_str(" and ");
                push_actor(out, b, Mention::Plain);
            }
            let _ = write!(
                out,
                " {} {} {}, a move other parties {} {}.",
                rng.pick(VERBS),
                rng.pick(NOUNS),
                rng.pick(TAILS),
                rng.pick(ADVS),
                rng.pick(VERBS)
            );
        }
    }
}

/// Words a speaker might say; one form carries embedded double quotes.
fn push_quote_text(out: &mut String, rng: &mut Rng) {
    let _ = match rng.below(6) {
        0 | 1 => write!(
            out,
            "We {} {} and expect {} to follow {}.",
            rng.pick(VERBS),
            rng.pick(NOUNS),
            rng.pick(NOUNS),
            rng.pick(TAILS)
        ),
        2 => write!(
            out,
            "Our position on {} has not changed, and it won't change {}.",
            rng.pick(NOUNS),
            rng.pick(TAILS)
        ),
        3 => write!(
            out,
            "There can be no progress on {} until {} is settled.",
            rng.pick(NOUNS),
            rng.pick(NOUNS)
        ),
        4 => write!(
            out,
            "The so-called \"{}\" is {} incomplete; we have {} it.",
            &rng.pick(NOUNS)[4..],
            rng.pick(ADVS),
            rng.pick(VERBS)
        ),
        _ => write!(
            out,
            "Nobody {} {} lightly, but what happened {} leaves us no choice.",
            rng.pick(VERBS),
            rng.pick(NOUNS),
            rng.pick(TAILS)
        ),
    };
}

/// A paragraph of `k` sentences whose first names an actor with a `[[wiki link]]`.
fn push_paragraph(out: &mut String, rng: &mut Rng, scene: &Scene, k: usize) {
    for s in 0..k {
        if s > 0 {
            out.push(' ');
        }
        let actor = if s == 0 || rng.chance(10) {
            Some(wiki(rng))
        } else {
            None
        };
        push_sentence(out, rng, scene, actor);
    }
    out.push_str("\n\n");
}

fn words(s: &str) -> usize {
    s.split_ascii_whitespace().count()
}

// ------------------------------------------------------------------ files

fn briefing_slug(out: &mut String, c: &Corpus, i: usize) {
    let _ = write!(out, "briefing-{:0w$}", i + 1, w = c.width);
}

struct Source {
    day: i64,
}

/// Writes briefing `i` (0-based) into `out`, which is cleared first.
fn render_briefing(c: &Corpus, i: usize, out: &mut String, scratch: &mut String) {
    out.clear();
    let mut rng = Rng::stream(c.seed, 2, i as u64);
    let num = i + 1;
    let w = c.width;
    let day = c.start_day + (i as i64 * SPAN_DAYS) / c.n as i64;

    // Actor i % A leads briefing i, so every actor appears once N >= A; the rest
    // follow Zipf-like popularity, so the first actors appear in thousands of briefings.
    let mut cast_ix = vec![i % c.actors.len()];
    let k = rng.range(2, 6);
    c.actor_zipf.fill_distinct(&mut rng, k, &mut cast_ix);
    let mut topic_ix = Vec::with_capacity(4);
    let k = rng.range(1, 4);
    c.topic_zipf.fill_distinct(&mut rng, k, &mut topic_ix);
    let scene = Scene {
        cast: cast_ix.iter().map(|&j| &c.actors[j]).collect(),
        region: rng.range(1, N_REGIONS),
    };
    let lead = scene.cast[0];

    out.push_str("---\n");
    scratch.clear();
    let _ = write!(
        scratch,
        "Synthetic briefing {num:0w$}: {} {} {} in Region {:02}",
        lead.name,
        rng.pick(VERBS),
        rng.pick(NOUNS),
        scene.region
    );
    push_kv(out, "", "title", scratch);
    push_plain_date(out, "date", "", day);
    if rng.chance(15) {
        push_plain_date(out, "updated", "", day + rng.range(1, 3) as i64);
    }
    scratch.clear();
    let _ = write!(
        scratch,
        "{} {} {} as {} dominated the agenda in Region {:02}.",
        lead.name,
        rng.pick(VERBS),
        rng.pick(NOUNS),
        TOPICS[topic_ix[0]],
        scene.region
    );
    push_kv(out, "", "summary", scratch);
    push_list(
        out,
        "",
        "topics",
        topic_ix.iter().map(|&t| c.topic_names[t].as_str()),
    );
    scratch.clear();
    let _ = write!(scratch, "Region {:02}", scene.region);
    push_kv(out, "", "location", scratch);
    push_list(
        out,
        "",
        "actors",
        scene.cast.iter().map(|a| a.slug.as_str()),
    );

    let sources: Vec<Source> = (0..rng.range(1, 3))
        .map(|_| Source {
            day: day - rng.range(0, 3) as i64,
        })
        .collect();
    let source_id = |s: usize| ["s1", "s2", "s3"][s];

    out.push_str("quotes:\n");
    for _ in 0..rng.range(1, 4) {
        let who = rng.pick(&scene.cast);
        push_kv(out, "  - ", "by", who.any_ref(&mut rng));
        scratch.clear();
        push_quote_text(scratch, &mut rng);
        push_kv(out, "    ", "text", scratch);
        let said = day - rng.range(0, 14) as i64;
        push_edtf(out, &mut rng, "said", "    ", said, &[85, 5, 0, 8, 2, 0, 0]);
        push_kv(out, "    ", "venue", rng.pick(VENUES));
        push_kv(out, "    ", "source", source_id(rng.below(sources.len())));
    }

    out.push_str("events:\n");
    for _ in 0..rng.range(1, 3) {
        let when = day - rng.range(0, 60) as i64;
        push_edtf(
            out,
            &mut rng,
            "date",
            "  - ",
            when,
            &[30, 12, 6, 12, 10, 8, 22],
        );
        let mut involved = Vec::with_capacity(3);
        for _ in 0..rng.range(1, 3) {
            let a = rng.pick(&scene.cast);
            if !involved.iter().any(|b: &&Actor| std::ptr::eq(*b, a)) {
                involved.push(a);
            }
        }
        scratch.clear();
        let _ = write!(
            scratch,
            "{} as {} {} {}",
            rng.pick(EVENT_WHAT),
            involved[0].name,
            rng.pick(VERBS),
            rng.pick(NOUNS)
        );
        push_kv(out, "    ", "what", scratch);
        let refs: Vec<&str> = involved.iter().map(|a| a.any_ref(&mut rng)).collect();
        push_list(out, "    ", "actors", refs.into_iter());
        scratch.clear();
        let place = if rng.chance(70) {
            scene.region
        } else {
            rng.range(1, N_REGIONS)
        };
        let _ = write!(scratch, "Region {place:02}");
        push_kv(out, "    ", "where", scratch);
        if rng.chance(50) {
            push_kv(out, "    ", "source", source_id(rng.below(sources.len())));
        }
    }

    out.push_str("sources:\n");
    for (s, src) in sources.iter().enumerate() {
        push_kv(out, "  - ", "id", source_id(s));
        scratch.clear();
        let _ = write!(scratch, "Synthetic report {num:0w$}-{}", s + 1);
        push_kv(out, "    ", "title", scratch);
        push_kv(out, "    ", "publisher", rng.pick(PUBLISHERS));
        push_plain_date(out, "date", "    ", src.day);
        scratch.clear();
        let _ = write!(scratch, "https://example.org/reports/{}", i * 3 + s + 1);
        push_kv(out, "    ", "url", scratch);
        if rng.chance(50) {
            scratch.clear();
            scratch.push(rng.pick(GRADE_RELIABILITY));
            scratch.push(rng.pick(GRADE_CREDIBILITY));
            push_kv(out, "    ", "grade", scratch);
        }
    }
    out.push_str("---\n\n");

    // Body: 400-800 words of Markdown.
    let target = rng.range(400, 800);
    let body_start = out.len();
    push_paragraph(out, &mut rng, &scene, 3);
    out.push_str("## Situation overview\n\n");
    let k = rng.range(3, 5);
    push_paragraph(out, &mut rng, &scene, k);
    for _ in 0..rng.range(3, 5) {
        out.push_str("- ");
        if rng.chance(30) {
            let _ = write!(out, "**Region {:02}:** ", rng.range(1, N_REGIONS));
        }
        push_sentence(out, &mut rng, &scene, None);
        out.push('\n');
    }
    let _ = write!(
        out,
        "\n## Key developments\n\n### Region {:02}\n\n",
        scene.region
    );
    let k = rng.range(3, 5);
    push_paragraph(out, &mut rng, &scene, k);
    out.push_str("> ");
    push_quote_text(out, &mut rng);
    out.push_str("\n>\n> \u{2014} ");
    let who = rng.pick(&scene.cast);
    let how = wiki(&mut rng);
    push_actor(out, who, how);
    let _ = write!(
        out,
        ", {}\n\n### {}\n\n",
        rng.pick(VENUES),
        rng.pick(SECTION_HEADINGS)
    );
    let k = rng.range(3, 5);
    push_paragraph(out, &mut rng, &scene, k);
    let other = if c.n > 1 {
        (i + 1 + rng.below(c.n - 1)) % c.n
    } else {
        i
    };
    out.push_str("See also the [earlier briefing](/briefings/");
    briefing_slug(out, c, other);
    let _ = write!(
        out,
        "/) and the [field report](https://example.org/reports/{}) from *{}*.\n\n## Background\n\n",
        i * 3 + 1,
        rng.pick(PUBLISHERS)
    );

    scratch.clear();
    scratch.push_str("## What to watch\n\n");
    for n in 1..=rng.range(3, 5) {
        let _ = write!(scratch, "{n}. ");
        push_sentence(scratch, &mut rng, &scene, None);
        scratch.push('\n');
    }
    let mut total = words(&out[body_start..]) + words(scratch);
    let mut para = String::with_capacity(512);
    while total < target {
        para.clear();
        let k = rng.range(2, 4);
        push_paragraph(&mut para, &mut rng, &scene, k);
        let pw = words(&para);
        if total + pw > 800 {
            break;
        }
        out.push_str(&para);
        total += pw;
    }
    out.push_str(scratch);
}

fn render_actor(c: &Corpus, a: &Actor, out: &mut String) {
    out.clear();
    out.push_str("---\n");
    push_kv(out, "", "name", &a.name);
    push_kv(out, "", "kind", a.kind.as_str());
    let role = format!("Synthetic {} of region {}", a.role, a.region);
    push_kv(out, "", "role", &role);
    if !a.affiliations.is_empty() {
        push_list(
            out,
            "",
            "affiliations",
            a.affiliations.iter().map(|&j| c.actors[j].slug.as_str()),
        );
    }
    if let Some(alias) = &a.alias {
        push_list(out, "", "aliases", std::iter::once(alias.as_str()));
    }
    out.push_str("---\n\n");
    let _ = writeln!(
        out,
        "**{}** is a synthetic {} active in Region {:02}, invented for load tests. \
         Nothing here describes a real {}.",
        a.name,
        a.role,
        a.region,
        a.kind.as_str()
    );
    if !a.affiliations.is_empty() {
        out.push_str("\n## Affiliations\n\n");
        for (n, &j) in a.affiliations.iter().enumerate() {
            let b = &c.actors[j];
            if n % 2 == 0 {
                let _ = writeln!(out, "- [[{}|{}]], a synthetic {}", b.slug, b.name, b.role);
            } else {
                let _ = writeln!(out, "- [[{}]], a synthetic {}", b.name, b.role);
            }
        }
    }
}

fn render_topic(i: usize, out: &mut String) {
    out.clear();
    out.push_str("---\n");
    let _ = writeln!(out, "name: \"Topic {:02}\"", i + 1);
    if i % 3 == 0 {
        let _ = writeln!(out, "aliases: [\"T{:02}\"]", i + 1);
    }
    out.push_str("---\n\n");
    let _ = writeln!(
        out,
        "Topic {:02} is a synthetic topic standing in for reporting on *{}*.",
        i + 1,
        TOPICS[i]
    );
}

// ------------------------------------------------------------------ driver

fn io_err(path: &Path, e: io::Error) -> String {
    format!("{}: {e}", path.display())
}

fn write_file(path: &Path, text: &str) -> Result<u64, String> {
    fs::write(path, text).map_err(|e| io_err(path, e))?;
    Ok(text.len() as u64)
}

/// Refuses a non-empty `DIR/content` unless `force`, in which case it is removed.
fn prepare(out: &Path, force: bool) -> Result<(), String> {
    let content = out.join("content");
    match fs::symlink_metadata(&content) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(&content, e)),
        Ok(meta) => {
            let empty = meta.is_dir()
                && fs::read_dir(&content)
                    .map_err(|e| io_err(&content, e))?
                    .next()
                    .is_none();
            if !empty {
                if !force {
                    return Err(format!(
                        "{} already exists and is not empty; pass --force to delete it first",
                        content.display()
                    ));
                }
                let removed = if meta.is_dir() {
                    fs::remove_dir_all(&content)
                } else {
                    fs::remove_file(&content)
                };
                removed.map_err(|e| io_err(&content, e))?;
            }
        }
    }
    for sub in ["actors", "topics", "briefings"] {
        let dir = content.join(sub);
        fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    }
    Ok(())
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    prepare(&args.out, args.force)?;
    let c = Corpus::new(args);
    let content = args.out.join("content");
    let mut buf = String::with_capacity(16 * 1024);
    let mut bytes = 0u64;

    buf.push_str("title: ");
    push_q(&mut buf, SITE_TITLE);
    buf.push_str("\nlanguage: en\n");
    bytes += write_file(&args.out.join("site.yaml"), &buf)?;

    let dir = content.join("actors");
    for a in &c.actors {
        render_actor(&c, a, &mut buf);
        bytes += write_file(&dir.join(format!("{}.md", a.slug)), &buf)?;
    }
    let dir = content.join("topics");
    for i in 0..TOPICS.len() {
        render_topic(i, &mut buf);
        bytes += write_file(&dir.join(format!("topic-{:02}.md", i + 1)), &buf)?;
    }

    // Briefings in parallel; each draws from its own stream, so output is identical
    // whatever the number of threads.
    let dir = content.join("briefings");
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(c.n.div_ceil(500));
    let results: Vec<Result<u64, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (c, dir) = (&c, &dir);
                s.spawn(move || {
                    let (mut text, mut scratch, mut name) = (
                        String::with_capacity(16 * 1024),
                        String::with_capacity(256),
                        String::new(),
                    );
                    let mut bytes = 0u64;
                    for i in (t..c.n).step_by(threads) {
                        render_briefing(c, i, &mut text, &mut scratch);
                        name.clear();
                        briefing_slug(&mut name, c, i);
                        name.push_str(".md");
                        bytes += write_file(&dir.join(&name), &text)?;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a writer thread panicked".into()))
            })
            .collect()
    });
    for r in results {
        bytes += r?;
    }

    let files = 1 + c.actors.len() + TOPICS.len() + c.n;
    eprintln!(
        "gen_corpus: wrote {files} files ({} briefings, {} actors, {} topics, site.yaml), \
         {bytes} bytes ({:.1} MiB) to {} in {:.2} s",
        c.n,
        c.actors.len(),
        TOPICS.len(),
        bytes as f64 / 1_048_576.0,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok(None) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("gen_corpus: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Ok(Some(args)) => match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("gen_corpus: {msg}");
                ExitCode::from(2)
            }
        },
    }
}
