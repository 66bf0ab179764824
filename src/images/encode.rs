//! Decoding a picture once, and writing each of its outputs that the cache lacks:
//! turned upright as its EXIF says, resized, re-encoded without any metadata.

use std::path::{Path, PathBuf};

use image::DynamicImage;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;

use super::cache::Key;
use super::{Cache, Error, Format, decoder, size_of};

/// JPEG quality: photos look as they did at a third of the size of quality 100.
const JPEG_QUALITY: u8 = 82;

/// One file a picture is published as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Its path in the site.
    pub site_path: String,
    /// The width to make it; `None` for the picture's own width.
    pub width: Option<u32>,
}

/// Publishes the picture at `source` as each of `outputs`, in `format`, returning for
/// each the cache file that holds it. The picture is decoded only if one is missing.
pub fn publish(
    source: &Path,
    format: Format,
    outputs: &[Output],
    cache: &Cache,
) -> Result<Vec<PathBuf>, Error> {
    let bytes = std::fs::read(source).map_err(|e| Error::Read(e.to_string()))?;
    let keys: Vec<_> = outputs
        .iter()
        .map(|o| Cache::key(&bytes, o.width, format))
        .collect();
    let mut found: Vec<Option<PathBuf>> = keys.iter().map(|k| cache.get(k)).collect();
    if found.iter().all(Option::is_some) {
        return Ok(found.into_iter().flatten().collect());
    }
    let picture = decode(&bytes)?;
    // The copy at the picture's own path and the one beside the page are one entry.
    let mut made: Vec<(&Key, PathBuf)> = Vec::new();
    for ((slot, key), output) in found.iter_mut().zip(&keys).zip(outputs) {
        if slot.is_some() {
            continue;
        }
        if let Some((_, path)) = made.iter().find(|(k, _)| *k == key) {
            *slot = Some(path.clone());
            continue;
        }
        let resized = match output.width {
            Some(w) if w < picture.width() => {
                let h = super::scaled_height(
                    super::Size {
                        width: picture.width(),
                        height: picture.height(),
                    },
                    w,
                );
                &picture.resize_exact(w, h, FilterType::CatmullRom)
            }
            _ => &picture,
        };
        let encoded = encode(resized, format)?;
        let path = cache
            .put(key, &encoded)
            .map_err(|e| Error::Read(format!("cannot write to the cache: {e}")))?;
        made.push((key, path.clone()));
        *slot = Some(path);
    }
    Ok(found.into_iter().flatten().collect())
}

/// The picture in `bytes`, upright. Its size is checked from the header first, so a
/// picture declaring a billion pixels costs no memory.
pub(super) fn decode(bytes: &[u8]) -> Result<DynamicImage, Error> {
    let mut decoder = decoder(bytes)?;
    size_of(&mut decoder)?;
    let orientation = image::ImageDecoder::orientation(&mut decoder)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(super::error)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// `picture` in `format`, with nothing but its pixels: the encoders write no EXIF, XMP,
/// ICC profile or comment unless given one, and none is given.
fn encode(picture: &DynamicImage, format: Format) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let failed = |e: image::ImageError| Error::Corrupt(format!("cannot encode it: {e}"));
    match format {
        Format::Jpeg => {
            let rgb = picture.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode_image(&rgb)
                .map_err(failed)?;
        }
        Format::Png => picture
            .write_with_encoder(PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Default,
                PngFilter::Adaptive,
            ))
            .map_err(failed)?,
        Format::WebP => {
            // The pure-Rust WebP encoder is lossless only, and takes 8-bit RGB(A).
            let eight = if picture.color().has_alpha() {
                DynamicImage::from(picture.to_rgba8())
            } else {
                DynamicImage::from(picture.to_rgb8())
            };
            eight
                .write_with_encoder(WebPEncoder::new_lossless(&mut out))
                .map_err(failed)?;
        }
    }
    Ok(out)
}
