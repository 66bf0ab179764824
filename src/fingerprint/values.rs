//! Values hashed as serde describes them, without writing them out first: each part
//! is fed to the hash as bytes behind a tag saying what it is, strings and byte strings
//! behind their length, sequences and maps closed by an end tag, so that two different
//! values never feed the same bytes. No crate does this: serde_json escapes every
//! string (a page's body, character by character), and the binary formats (postcard,
//! bincode) refuse sequences whose length is not known ahead.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Never returned: every value can be hashed. Serde requires an error type.
#[derive(Debug)]
pub struct Never(String);

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Never(msg.to_string())
    }
}

/// Feeds what is serialized into it to an XXH3 state, through a buffer of its own:
/// most of what it is fed is a tag or a length of a few bytes, and the state copies
/// each update into its own buffer with a call to `memcpy` (over half of the work of
/// fingerprinting a site of 10,000 briefings). The state sees the same bytes either
/// way, so the fingerprints are the same.
pub struct Feed<'h> {
    state: &'h mut Xxh3,
    buf: [u8; BUFFER],
    len: usize,
}

const BUFFER: usize = 1024;

impl<'h> Feed<'h> {
    pub fn new(state: &'h mut Xxh3) -> Feed<'h> {
        Feed {
            state,
            buf: [0; BUFFER],
            len: 0,
        }
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > BUFFER {
            self.flush();
            if bytes.len() > BUFFER / 2 {
                self.state.update(bytes);
                return;
            }
        }
        let n = bytes.len();
        let to = &mut self.buf[self.len..self.len + n];
        // Most strings fed are a field's name, a few bytes: copied as two words that
        // may overlap rather than by a call to `memcpy` (3% of the CPU of a build after
        // a one-line edit at 10,000 briefings).
        match n {
            8..=16 => {
                to[..8].copy_from_slice(&bytes[..8]);
                to[n - 8..].copy_from_slice(&bytes[n - 8..]);
            }
            4..=7 => {
                to[..4].copy_from_slice(&bytes[..4]);
                to[n - 4..].copy_from_slice(&bytes[n - 4..]);
            }
            _ => to.copy_from_slice(bytes),
        }
        self.len += n;
    }

    /// [`put`](Self::put) for a few bytes whose number is known when compiled: stored
    /// in place, with no test of their length (most of what is fed is a tag or a
    /// length).
    #[inline(always)]
    fn put_array<const N: usize>(&mut self, bytes: [u8; N]) {
        if self.len + N > BUFFER {
            self.flush();
        }
        let to: &mut [u8; N] = (&mut self.buf[self.len..self.len + N])
            .try_into()
            .expect("a slice of N bytes");
        *to = bytes;
        self.len += N;
    }

    fn flush(&mut self) {
        self.state.update(&self.buf[..self.len]);
        self.len = 0;
    }
}

impl Drop for Feed<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const NEWTYPE: u8 = 12;
    pub const SEQ: u8 = 13;
    pub const MAP: u8 = 14;
    pub const STRUCT: u8 = 15;
    pub const END: u8 = 16;
}

impl Feed<'_> {
    fn tag(&mut self, t: u8) {
        self.put_array([t]);
    }

    /// Tag, then length, then bytes.
    fn text(&mut self, t: u8, bytes: &[u8]) {
        let mut head = [t; 9];
        head[1..].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.put_array(head);
        self.put(bytes);
    }

    /// Tag, then a number's bytes.
    fn number<const N: usize>(&mut self, t: u8, bytes: [u8; N]) {
        self.put_array([t]);
        self.put_array(bytes);
    }

    fn variant(&mut self, name: &str, index: u32) {
        self.text(tag::VARIANT, name.as_bytes());
        self.put_array(index.to_le_bytes());
    }
}

impl<'a, 'h> ser::Serializer for &'a mut Feed<'h> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.put_array([tag::BOOL, u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Never> {
        self.serialize_i128(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Never> {
        self.serialize_i128(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Never> {
        self.serialize_i128(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Never> {
        self.serialize_i128(v.into())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Never> {
        self.number(tag::INT, v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Never> {
        self.serialize_u128(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Never> {
        self.serialize_u128(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Never> {
        self.serialize_u128(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Never> {
        self.serialize_u128(v.into())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Never> {
        self.number(tag::UINT, v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.number(tag::FLOAT, v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.number(tag::CHAR, u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.text(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.text(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.tag(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Never> {
        self.tag(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.tag(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Never> {
        self.text(tag::UNIT, name.as_bytes());
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        name: &'static str,
    ) -> Result<(), Never> {
        self.variant(name, index);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.text(tag::NEWTYPE, name.as_bytes());
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        index: u32,
        name: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.variant(name, index);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.tag(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Self, Never> {
        self.text(tag::SEQ, name.as_bytes());
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        name: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.variant(name, index);
        self.tag(tag::SEQ);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, Never> {
        self.text(tag::STRUCT, name.as_bytes());
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        name: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.variant(name, index);
        self.tag(tag::STRUCT);
        Ok(self)
    }
}

macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Feed<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Never> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.tag(tag::END);
                Ok(())
            }
        }
    )*};
}
elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Feed<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Never> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.tag(tag::END);
        Ok(())
    }
}

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for &mut Feed<'_> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Never> {
                self.text(tag::STR, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), Never> {
                self.text(tag::NONE, key.as_bytes());
                Ok(())
            }
            fn end(self) -> Result<(), Never> {
                self.tag(tag::END);
                Ok(())
            }
        }
    )*};
}
fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Row {
        n: u32,
        s: String,
        f: Option<bool>,
    }

    /// The bytes the feed is to give the hash for `rows`, written out by hand.
    fn by_hand(rows: &[Row]) -> Vec<u8> {
        fn text(out: &mut Vec<u8>, t: u8, s: &str) {
            out.push(t);
            out.extend((s.len() as u64).to_le_bytes());
            out.extend(s.as_bytes());
        }
        let mut out = vec![tag::SEQ];
        for r in rows {
            text(&mut out, tag::STRUCT, "Row");
            text(&mut out, tag::STR, "n");
            out.push(tag::UINT);
            out.extend(u128::from(r.n).to_le_bytes());
            text(&mut out, tag::STR, "s");
            text(&mut out, tag::STR, &r.s);
            text(&mut out, tag::STR, "f");
            match r.f {
                None => out.push(tag::NONE),
                Some(b) => out.extend([tag::SOME, tag::BOOL, u8::from(b)]),
            }
            out.push(tag::END);
        }
        out.push(tag::END);
        out
    }

    #[test]
    fn the_hash_is_fed_the_tagged_bytes_across_the_buffers_end() {
        // Strings from none to longer than the buffer, so that tags, lengths and text
        // fall on both sides of its end and some text goes past it.
        let rows: Vec<Row> = (0..300)
            .map(|i| Row {
                n: i * 7919,
                s: "x".repeat(i as usize * 5),
                f: [None, Some(true), Some(false)][i as usize % 3],
            })
            .collect();
        let mut state = Xxh3::new();
        {
            let mut feed = Feed::new(&mut state);
            rows.serialize(&mut feed).expect("every value is hashed");
        }
        let expected = xxhash_rust::xxh3::xxh3_128(&by_hand(&rows));
        assert_eq!(state.digest128(), expected);
    }
}
