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
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
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
        self.put(&[t]);
    }

    fn text(&mut self, t: u8, bytes: &[u8]) {
        self.put(&[t]);
        self.put(&(bytes.len() as u64).to_le_bytes());
        self.put(bytes);
    }

    fn variant(&mut self, name: &str, index: u32) {
        self.text(tag::VARIANT, name.as_bytes());
        self.put(&index.to_le_bytes());
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
        self.put(&[tag::BOOL, u8::from(v)]);
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
        self.tag(tag::INT);
        self.put(&v.to_le_bytes());
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
        self.tag(tag::UINT);
        self.put(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.tag(tag::FLOAT);
        self.put(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.tag(tag::CHAR);
        self.put(&u32::from(v).to_le_bytes());
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
