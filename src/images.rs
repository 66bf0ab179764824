//! Pictures published in a few widths: their size read from the header alone, huge
//! ones refused before any pixel is decoded, every published copy re-encoded so that no
//! metadata (EXIF with its GPS position, XMP, comments) leaves the newsroom, and what
//! was made kept in a cache folder by content so that a rebuild resizes nothing again.

mod cache;
mod encode;

use std::fmt;
use std::io::Cursor;
use std::path::Path;

pub use cache::{Cache, FOLDER};
pub use encode::{Output, publish};

/// The widths pictures are published in, in pixels. A picture narrower than one is not
/// enlarged to it.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// The `sizes` attribute that goes with [`WIDTHS`]: a picture fills the phone's screen,
/// and the text column (40rem) elsewhere.
pub const SIZES: &str = "(max-width: 40rem) 100vw, 40rem";

/// The longest side accepted, in pixels: a 20,000 × 20,000 picture is refused from its
/// header, before its pixels are decoded.
pub const MAX_SIDE: u32 = 12_000;

/// The most pixels accepted (a 50-megapixel camera's): decoded, a picture takes four
/// bytes a pixel.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The formats pictures are resized in: what the `image` crate reads and writes in pure
/// Rust and every browser shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    /// The format a file's name gives it (`.jpg`, `.JPEG`, `.png`, `.webp`).
    pub fn of_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1;
        [
            ("jpg", Format::Jpeg),
            ("jpeg", Format::Jpeg),
            ("png", Format::Png),
            ("webp", Format::WebP),
        ]
        .into_iter()
        .find(|(e, _)| ext.eq_ignore_ascii_case(e))
        .map(|(_, f)| f)
    }
}

/// A picture's size in pixels, as it is shown (a photo taken on its side and marked so
/// in its EXIF is as tall as it is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// Why a picture cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    Read(String),
    /// Not JPEG, PNG or WebP, whatever its name says.
    Unsupported,
    Corrupt(String),
    TooLarge(Size),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read(e) => write!(f, "cannot read it: {e}"),
            Error::Unsupported => f.write_str("not a JPEG, PNG or WebP picture"),
            Error::Corrupt(e) => write!(f, "corrupt picture: {e}"),
            Error::TooLarge(s) => write!(
                f,
                "picture too large: {} × {} pixels (at most {MAX_SIDE} a side and {} megapixels)",
                s.width,
                s.height,
                MAX_PIXELS / 1_000_000
            ),
        }
    }
}

impl Error {
    pub fn hint(&self) -> &'static str {
        match self {
            Error::Read(_) => "check that the file exists and can be read",
            Error::Unsupported | Error::Corrupt(_) => {
                "export it again as JPEG, PNG or WebP from an image editor"
            }
            Error::TooLarge(_) => "scale it down to at most 4,000 pixels wide before adding it",
        }
    }
}

/// The size of the picture in `bytes`, from its header alone; refused if too large.
pub fn probe(bytes: &[u8]) -> Result<Size, Error> {
    let mut decoder = decoder(bytes)?;
    size_of(&mut decoder)
}

/// [`probe`] for a file, reading no more of it than the header needs.
pub fn probe_file(path: &Path) -> Result<Size, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::Read(e.to_string()))?;
    let mut reader = image::ImageReader::new(std::io::BufReader::new(file))
        .with_guessed_format()
        .map_err(|e| Error::Read(e.to_string()))?;
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(error)?;
    size_of(&mut decoder)
}

fn decoder(bytes: &[u8]) -> Result<impl image::ImageDecoder + '_, Error> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Error::Read(e.to_string()))?;
    reader.limits(limits());
    reader.into_decoder().map_err(error)
}

/// The size a decoder's header gives, turned as the picture's EXIF says it is shown.
fn size_of(decoder: &mut impl image::ImageDecoder) -> Result<Size, Error> {
    let (width, height) = decoder.dimensions();
    let size = Size { width, height };
    if width == 0 || height == 0 {
        return Err(Error::Corrupt("it has no pixels".into()));
    }
    if width.max(height) > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Error::TooLarge(size));
    }
    let turned = matches!(
        decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms),
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    Ok(if turned {
        Size {
            width: height,
            height: width,
        }
    } else {
        size
    })
}

/// Held to by every decoder, in case a header lies about the size: at most
/// [`MAX_PIXELS`] of eight bytes (16-bit RGBA). The sides are checked by [`size_of`],
/// which says how large the picture is.
fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    limits
}

fn error(e: image::ImageError) -> Error {
    match e {
        image::ImageError::Unsupported(_) => Error::Unsupported,
        image::ImageError::Limits(_) => Error::Corrupt("it declares a size beyond limits".into()),
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::Corrupt("the file ends too soon".into())
        }
        image::ImageError::IoError(e) => Error::Read(e.to_string()),
        other => Error::Corrupt(other.to_string()),
    }
}

/// The files a picture is published as, and how a page names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variants {
    /// Size of `src`, for the `width` and `height` attributes (no layout shift).
    pub width: u32,
    pub height: u32,
    /// The largest file in `srcset`, for browsers that read only `src`.
    pub src: String,
    /// Each file and its width, narrowest first.
    pub srcset: Vec<(String, u32)>,
}

impl Variants {
    /// The `srcset` attribute's value (not HTML-escaped).
    pub fn srcset_attr(&self) -> String {
        let parts: Vec<String> = self
            .srcset
            .iter()
            .map(|(p, w)| format!("{p} {w}w"))
            .collect();
        parts.join(", ")
    }
}

/// Where the picture at `path` (a site path, `briefings/x/map.png`, or a relative URL,
/// `map.png`) is published, at size `size`: `map-480w.png`, `map-960w.png`,
/// `map-1600w.png` for each width it is wider than, and the picture itself at full size
/// when it is at most 1,600 pixels wide (wider, it is still published at its own name,
/// re-encoded, but no page asks for it).
pub fn plan(path: &str, size: Size) -> Variants {
    let mut srcset: Vec<(String, u32)> = WIDTHS
        .iter()
        .filter(|&&w| w < size.width)
        .map(|&w| (variant_name(path, w), w))
        .collect();
    let largest = WIDTHS[WIDTHS.len() - 1];
    if size.width <= largest {
        srcset.push((path.to_string(), size.width));
    }
    let (src, width) = srcset
        .last()
        .cloned()
        .unwrap_or_else(|| (path.to_string(), size.width));
    Variants {
        width,
        height: scaled_height(size, width),
        src,
        srcset,
    }
}

/// `dir/name-480w.ext` for `dir/name.ext`.
pub fn variant_name(path: &str, width: u32) -> String {
    let name_at = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_at..].rfind('.') {
        Some(dot) => {
            let (stem, ext) = path.split_at(name_at + dot);
            format!("{stem}-{width}w{ext}")
        }
        None => format!("{path}-{width}w"),
    }
}

/// The height of `size` scaled to `width`, rounded, at least a pixel.
fn scaled_height(size: Size, width: u32) -> u32 {
    let h = (u64::from(size.height) * u64::from(width) + u64::from(size.width) / 2)
        / u64::from(size.width.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_planned_in_the_widths_they_exceed_and_never_enlarged() {
        let wide = plan(
            "b/x/map.png",
            Size {
                width: 3000,
                height: 2000,
            },
        );
        assert_eq!(
            wide.srcset,
            [
                ("b/x/map-480w.png".to_string(), 480),
                ("b/x/map-960w.png".to_string(), 960),
                ("b/x/map-1600w.png".to_string(), 1600)
            ]
        );
        assert_eq!(
            (wide.src.as_str(), wide.width, wide.height),
            ("b/x/map-1600w.png", 1600, 1067)
        );
        let mid = plan(
            "map.JPG",
            Size {
                width: 1200,
                height: 800,
            },
        );
        assert_eq!(
            mid.srcset_attr(),
            "map-480w.JPG 480w, map-960w.JPG 960w, map.JPG 1200w"
        );
        assert_eq!(
            (mid.src.as_str(), mid.width, mid.height),
            ("map.JPG", 1200, 800)
        );
        let small = plan(
            "a.b/icon.png",
            Size {
                width: 300,
                height: 1,
            },
        );
        assert_eq!(small.srcset, [("a.b/icon.png".to_string(), 300)]);
        assert_eq!(small.height, 1);
        assert_eq!(variant_name("a.b/noext", 480), "a.b/noext-480w");
    }

    #[test]
    fn formats_come_from_the_name() {
        assert_eq!(Format::of_path("a/b.JPEG"), Some(Format::Jpeg));
        assert_eq!(Format::of_path("b.webp"), Some(Format::WebP));
        assert_eq!(Format::of_path("b.svg"), None);
        assert_eq!(Format::of_path("png"), None);
    }

    #[test]
    fn garbage_is_not_a_picture() {
        assert_eq!(probe(b"not really a picture"), Err(Error::Unsupported));
        let mut png = Vec::new();
        image::RgbImage::new(4, 3)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(
            probe(&png),
            Ok(Size {
                width: 4,
                height: 3
            })
        );
        assert!(matches!(
            probe(&png[..20]),
            Err(Error::Corrupt(_) | Error::Read(_))
        ));
    }
}
