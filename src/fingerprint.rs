//! Fingerprints: 128-bit hashes (XXH3) of what a page was made from and of the bytes
//! it came to, which the incremental build compares with the last build's to tell what
//! to render again and what to write. 128 bits, so that among millions of files over
//! years of builds two different inputs are never taken for the same.

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

mod values;

/// The fingerprint of the running binary: what a build keeps for the next (its record,
/// its bodies) is only as good as the code that made it. Taken from the executable's
/// size and modification time rather than its bytes (185 MB in a debug build): building
/// or installing briefing again changes the time.
pub fn binary() -> Fingerprint {
    static BINARY: std::sync::OnceLock<Fingerprint> = std::sync::OnceLock::new();
    *BINARY.get_or_init(|| {
        let mut h = Hasher::new();
        h.bytes(env!("CARGO_PKG_VERSION").as_bytes());
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        let mtime = |m: &std::fs::Metadata| {
            let t = m.modified().ok()?;
            Some(
                t.duration_since(std::time::SystemTime::UNIX_EPOCH)
                    .ok()?
                    .as_nanos(),
            )
        };
        match exe.ok().and_then(|m| Some((m.len(), mtime(&m)?))) {
            Some((len, mtime)) => h.bytes(&len.to_le_bytes()).bytes(&mtime.to_le_bytes()),
            // Unknown: a value no record carries, so that none is trusted.
            None => h.bytes(&std::process::id().to_le_bytes()).bytes(
                &std::time::SystemTime::now()
                    .duration_since(std::time::SystemTime::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
                    .to_le_bytes(),
            ),
        };
        h.finish()
    })
}

/// The hash of some bytes or values.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Fingerprint(pub u128);

impl Fingerprint {
    pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
        Fingerprint(xxhash_rust::xxh3::xxh3_128(bytes))
    }
}

/// [`Fingerprint::of_bytes`] of bytes that come in pieces.
#[derive(Default)]
pub struct OfPieces(Xxh3);

impl OfPieces {
    pub fn update(&mut self, piece: &[u8]) {
        self.0.update(piece);
    }

    pub fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest128())
    }
}

thread_local! {
    static HASHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static SKETCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While the guard lives, views on this thread are made only to be fingerprinted:
/// what is costly to make and decided by what it is made from (a fragment rendered
/// through a template) may then stand for that instead. Such views must not be
/// rendered.
pub fn sketch() -> Sketch {
    Sketch(SKETCHING.replace(true))
}

/// Whether views on this thread are being made only to be fingerprinted.
pub fn sketching() -> bool {
    SKETCHING.get()
}

/// See [`sketch`].
pub struct Sketch(bool);

impl Drop for Sketch {
    fn drop(&mut self) {
        SKETCHING.set(self.0);
    }
}

/// Whether this thread is hashing a value: a value that carries its own fingerprint
/// (a view many pages share) may then write that instead of itself.
pub fn hashing() -> bool {
    HASHING.get()
}

/// Takes bytes and values one after the other; values as serde describes them, which
/// says everything a template can read of a value (see [`values`]).
pub struct Hasher(Xxh3);

impl Hasher {
    pub fn new() -> Hasher {
        Hasher(Xxh3::new())
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        // The length first, so that ("ab", "c") and ("a", "bc") differ.
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn value(&mut self, value: &(impl Serialize + ?Sized)) -> &mut Self {
        let was = HASHING.replace(true);
        // A value whose Serialize fails (none of ours) leaves a mark no value leaves,
        // so the page is made again rather than wrongly kept.
        let failed = value
            .serialize(&mut values::Feed::new(&mut self.0))
            .is_err();
        if failed {
            self.0.update(&[0xff, 0xfe]);
        }
        HASHING.set(was);
        self
    }

    pub fn fingerprint(&mut self, other: Fingerprint) -> &mut Self {
        self.0.update(&other.0.to_le_bytes());
        self
    }

    pub fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest128())
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_are_delimited_and_values_hash_as_their_json() {
        let two = |a: &str, b: &str| {
            Hasher::new()
                .bytes(a.as_bytes())
                .bytes(b.as_bytes())
                .finish()
        };
        assert_ne!(two("ab", "c"), two("a", "bc"));
        assert_eq!(two("a", "b"), two("a", "b"));
        let v = |v: &serde_json::Value| Hasher::new().value(v).finish();
        assert_eq!(
            v(&serde_json::json!({"a": 1})),
            v(&serde_json::json!({"a": 1}))
        );
        assert_ne!(
            v(&serde_json::json!({"a": 1})),
            v(&serde_json::json!({"a": 2}))
        );
        assert_ne!(Fingerprint::of_bytes(b"x"), Fingerprint::of_bytes(b"y"));
    }
}
