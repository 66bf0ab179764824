//! Figures in bodies: markup, the widths published, metadata stripped, bad and huge
//! pictures refused, the cache reused.

use std::io::Cursor;
use std::path::Path;

use image::ImageDecoder as _;

use crate::common::{build, site};

/// A picture of `w` × `h` pixels, a gradient, encoded as `format`.
pub fn picture(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format)
        .expect("encode");
    out
}

/// What a phone's camera adds: an APP1 Exif segment with a GPS block, here a fake one
/// (`GPSLatitudeRef` N and a text that names a place), right after the JPEG's SOI.
const PLACE: &[u8] = b"FAKE-GPS 50.0379 N 22.0049 E";

fn jpeg_with_gps(w: u32, h: u32) -> Vec<u8> {
    let jpeg = picture(w, h, image::ImageFormat::Jpeg);
    // TIFF, big-endian: IFD0 with one entry, GPSInfo (0x8825) pointing at the GPS IFD,
    // which holds GPSLatitudeRef (0x0001) = "N"; the place text follows.
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    tiff.extend([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    tiff.extend(PLACE);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let len = u16::try_from(payload.len() + 2).expect("small");
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(payload);
    out.extend(&jpeg[2..]);
    out
}

/// A PNG whose header declares `w` × `h` pixels, with a few bytes of data: decoded, it
/// would ask for gigabytes.
fn bomb(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    for (kind, data) in [
        (&b"IHDR"[..], &ihdr[..]),
        (b"IDAT", &[0x78, 0x9c, 3, 0]),
        (b"IEND", &[]),
    ] {
        out.extend(u32::try_from(data.len()).expect("small").to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend(data);
        out.extend(&chunk);
        out.extend(crc32(&chunk).to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn body(text: &str) -> String {
    format!("---\ntitle: T\ndate: 2022-03-06\n---\n\n{text}\n")
}

fn size_of(path: &Path) -> (u32, u32) {
    image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .expect("open")
        .into_dimensions()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn exif_of(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut d = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .expect("guess")
        .into_decoder()
        .expect("decoder");
    d.exif_metadata().expect("exif")
}

#[test]
fn a_picture_alone_in_its_paragraph_is_a_figure_in_every_width_it_exceeds() {
    let dir = site(&[(
        "content/briefings/b.md",
        &body(
            "Text with ![an inline map](map.png) in it.\n\n\
             ![Schematic map (test desk)](map.png \"Illustration: test desk\")\n",
        ),
    )]);
    let map = picture(1000, 500, image::ImageFormat::Png);
    std::fs::write(dir.path().join("content/briefings/map.png"), &map).unwrap();
    let out = build(dir.path()).expect("builds");
    let page = crate::common::read(&out, "briefings/b/index.html");
    assert!(
        page.contains(
            "<figure>\n<img src=\"map.png\" srcset=\"map-480w.png 480w, map-960w.png 960w, \
             map.png 1000w\" sizes=\"(max-width: 40rem) 100vw, 40rem\" width=\"1000\" \
             height=\"500\" alt=\"Schematic map (test desk)\" loading=\"lazy\" \
             decoding=\"async\">\n<figcaption>Schematic map (test desk) \
             <small class=\"credit\">Illustration: test desk</small></figcaption>\n</figure>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<p>Text with <img src=\"map.png\" alt=\"an inline map\" /> in it.</p>"),
        "{page}"
    );
    for (file, size) in [
        ("briefings/b/map-480w.png", (480, 240)),
        ("briefings/b/map-960w.png", (960, 480)),
        ("briefings/b/map.png", (1000, 500)),
        ("briefings/map.png", (1000, 500)),
    ] {
        assert_eq!(size_of(&out.join(file)), size, "{file}");
    }
    assert!(!out.join("briefings/b/map-1600w.png").exists());
}

#[test]
fn a_briefing_in_its_own_folder_has_its_figure_in_every_width_beside_it() {
    let dir = site(&[(
        "content/briefings/b/index.md",
        &body("![Schematic map (test desk)](map.png)\n"),
    )]);
    std::fs::write(
        dir.path().join("content/briefings/b/map.png"),
        picture(1000, 500, image::ImageFormat::Png),
    )
    .unwrap();
    let out = build(dir.path()).expect("builds");
    let page = crate::common::read(&out, "briefings/b/index.html");
    assert!(
        page.contains("srcset=\"map-480w.png 480w, map-960w.png 960w, map.png 1000w\""),
        "{page}"
    );
    assert_eq!(size_of(&out.join("briefings/b/map-480w.png")), (480, 240));
    assert_eq!(size_of(&out.join("briefings/b/map-960w.png")), (960, 480));
}

#[test]
fn every_published_copy_of_a_photo_is_without_its_exif_and_gps() {
    let photo = jpeg_with_gps(1200, 900);
    assert!(exif_of(&photo).is_some_and(|e| e.windows(PLACE.len()).any(|w| w == PLACE)));
    let dir = site(&[(
        "content/briefings/b.md",
        &body("![A street (test photo)](photo.jpg \"Photo: Desk 0001\")\n"),
    )]);
    std::fs::write(dir.path().join("content/briefings/photo.jpg"), &photo).unwrap();
    let out = build(dir.path()).expect("builds");
    for file in [
        "briefings/photo.jpg",
        "briefings/b/photo.jpg",
        "briefings/b/photo-480w.jpg",
        "briefings/b/photo-960w.jpg",
    ] {
        let bytes = std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(exif_of(&bytes), None, "{file}");
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{file}");
        assert!(!bytes.windows(PLACE.len()).any(|w| w == PLACE), "{file}");
    }
    assert_eq!(size_of(&out.join("briefings/b/photo-480w.jpg")), (480, 360));
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let dir = site(&[(
        "content/briefings/b.md",
        &body("x\n\n![A bomb](bomb.png)\n"),
    )]);
    std::fs::write(
        dir.path().join("content/briefings/bomb.png"),
        bomb(20_000, 20_000),
    )
    .unwrap();
    let d = build(dir.path()).expect_err("refused");
    assert_eq!(d.len(), 1, "{d:?}");
    // Only the header says 20,000: decoding the few bytes of data would fail otherwise.
    assert_eq!(
        d[0].message,
        "picture content/briefings/bomb.png: picture too large: 20000 × 20000 pixels \
         (at most 12000 a side and 50 megapixels)"
    );
    assert_eq!(d[0].path, Path::new("content/briefings/b.md"));
    assert_eq!(d[0].pos.map(|p| (p.line, p.col)), Some((8, 1)));
}

#[test]
fn corrupt_pictures_and_figures_without_alt_text_are_errors_naming_their_files() {
    let dir = site(&[(
        "content/briefings/b.md",
        &body("![Not a picture](fake.jpg)\n\n![Cut short](cut.png)\n\n![](ok.png)\n"),
    )]);
    let c = dir.path().join("content/briefings");
    std::fs::write(c.join("fake.jpg"), "not really a picture").unwrap();
    let whole = picture(600, 400, image::ImageFormat::Png);
    std::fs::write(c.join("cut.png"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(c.join("ok.png"), &whole).unwrap();
    let d = build(dir.path()).expect_err("refused");
    let got: Vec<(String, Option<u32>, &str)> = d
        .iter()
        .map(|d| {
            (
                d.path.display().to_string(),
                d.pos.map(|p| p.line),
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "content/briefings/b.md".to_string(),
                Some(6),
                "picture content/briefings/fake.jpg: not a JPEG, PNG or WebP picture"
            ),
            (
                "content/briefings/b.md".to_string(),
                Some(10),
                "figure without alt text"
            ),
        ]
    );
    // With those fixed, the picture cut short is caught when decoded, naming its file.
    std::fs::write(
        c.join("b.md"),
        body("![Cut short](cut.png)\n\n![Fine](ok.png)\n"),
    )
    .unwrap();
    let d = build(dir.path()).expect_err("refused");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].path, Path::new("content/briefings/cut.png"));
    assert!(
        d[0].message == "cannot publish this picture: corrupt picture: the file ends too soon",
        "{}",
        d[0].message
    );
}

#[test]
fn a_rebuild_takes_resized_pictures_from_the_cache() {
    let dir = site(&[(
        "content/briefings/b.md",
        &body("![Schematic map (test desk)](map.png)\n"),
    )]);
    std::fs::write(
        dir.path().join("content/briefings/map.png"),
        picture(700, 350, image::ImageFormat::Png),
    )
    .unwrap();
    build(dir.path()).expect("builds");
    let cache = dir.path().join(".briefing-cache/images");
    let entries = |d: &Path| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .expect("cache folder")
            .map(|e| e.expect("entry").path())
            .collect();
        v.sort();
        v
    };
    let first = entries(&cache);
    // The full-size copy and the 480-pixel one.
    assert_eq!(first.len(), 2, "{first:?}");
    let small = first
        .iter()
        .find(|p| size_of(p).0 == 480)
        .expect("a 480-pixel entry");
    // Marked: were it made again, the mark would be gone.
    let marked = picture(480, 240, image::ImageFormat::Png);
    std::fs::write(small, &marked).unwrap();
    let out = build(dir.path()).expect("builds again");
    assert_eq!(entries(&cache), first);
    assert_eq!(
        std::fs::read(out.join("briefings/b/map-480w.png")).unwrap(),
        marked
    );
}

#[test]
fn a_lead_photo_comes_in_every_width_and_without_its_gps() {
    let md = "---\ntitle: T\ndate: 2022-03-06\nimage: {src: lead.jpg, alt: A street (test photo), credit: 'Photo: Desk 0001'}\n---\n\nBody.\n";
    let dir = site(&[("content/briefings/b.md", md)]);
    std::fs::write(
        dir.path().join("content/briefings/lead.jpg"),
        jpeg_with_gps(1200, 900),
    )
    .unwrap();
    let out = build(dir.path()).expect("builds");
    for file in [
        "briefings/lead.jpg",
        "briefings/lead-480w.jpg",
        "briefings/lead-960w.jpg",
    ] {
        let bytes = std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(exif_of(&bytes), None, "{file}");
        assert!(!bytes.windows(PLACE.len()).any(|w| w == PLACE), "{file}");
    }
    assert_eq!(size_of(&out.join("briefings/lead-960w.jpg")), (960, 720));
    let page = std::fs::read_to_string(out.join("briefings/b/index.html")).unwrap();
    let img = "<img src=\"../../briefings/lead.jpg\" srcset=\"../../briefings/lead-480w.jpg 480w, \
               ../../briefings/lead-960w.jpg 960w, ../../briefings/lead.jpg 1200w\" \
               sizes=\"(max-width: 40rem) 100vw, 40rem\" width=\"1200\" height=\"900\"";
    assert!(page.contains(img), "{page}");
}

#[test]
fn without_a_lead_image_the_first_figure_is_the_link_cards() {
    let md = "---\ntitle: T\ndate: 2022-03-06\n---\n\nText.\n\n![Test map 0001](map.png \"Illustration: Desk 0001\")\n\n![Test map 0002](other.png \"Illustration: Desk 0001\")\n";
    let dir = site(&[
        ("content/briefings/b.md", md),
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/sub/\n",
        ),
    ]);
    let png = picture(800, 420, image::ImageFormat::Png);
    std::fs::write(dir.path().join("content/briefings/map.png"), &png).unwrap();
    std::fs::write(dir.path().join("content/briefings/other.png"), &png).unwrap();
    let out = build(dir.path()).expect("builds");
    let page = std::fs::read_to_string(out.join("briefings/b/index.html")).unwrap();
    for tag in [
        "<meta property=\"og:image\" content=\"https://example.org/sub/briefings/map.png\">",
        "<meta property=\"og:image:width\" content=\"800\">",
        "<meta property=\"og:image:height\" content=\"420\">",
        "<meta property=\"og:image:alt\" content=\"Test map 0001\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
    ] {
        assert!(page.contains(tag), "{tag} in {page}");
    }
    assert!(out.join("briefings/map.png").is_file());
    assert!(
        page.contains(r#""image":["https://example.org/sub/briefings/map.png"]"#),
        "{page}"
    );
}
