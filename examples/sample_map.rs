//! Draws the sample site's schematic map (`content/briefings/schematic-map.png`): an
//! illustration made here, not a photo or a real map, so that the sample shows a
//! figure with a credit and nothing in it belongs to anyone else.
//!
//! `cargo run --example sample_map -- content/briefings/schematic-map.png`

use image::{Rgb, RgbImage};

const W: u32 = 1200;
const H: u32 = 800;

fn main() {
    let out = std::env::args().nth(1).expect("usage: sample_map OUT.png");
    let land = Rgb([236, 231, 218]);
    let other = Rgb([214, 222, 204]);
    let border = Rgb([120, 110, 100]);
    let water = Rgb([120, 160, 205]);
    let mut img = RgbImage::from_pixel(W, H, land);
    // A wavy border: the left of it is another country, drawn in another tint.
    let border_x = |y: u32| 360.0 + 40.0 * (f64::from(y) / 90.0).sin();
    for y in 0..H {
        let bx = border_x(y);
        for x in 0..W {
            let d = f64::from(x) - bx;
            if d < 0.0 {
                img.put_pixel(x, y, other);
            }
            if d.abs() < 2.5 {
                img.put_pixel(x, y, border);
            }
        }
    }
    // A river from the north-east to the south.
    for y in 0..H {
        let cx = 820.0 - 0.35 * f64::from(y) + 60.0 * (f64::from(y) / 120.0).cos();
        let width = 6.0 + f64::from(y) / 200.0;
        for x in 0..W {
            if (f64::from(x) - cx).abs() < width {
                img.put_pixel(x, y, water);
            }
        }
    }
    // Towns as dots, one marked in red.
    let towns = [
        (560, 220, false),
        (900, 420, false),
        (700, 610, true),
        (250, 480, false),
    ];
    for (tx, ty, marked) in towns {
        let (r, colour) = if marked {
            (14, Rgb([190, 40, 40]))
        } else {
            (9, Rgb([60, 60, 60]))
        };
        for y in ty - r..=ty + r {
            for x in tx - r..=tx + r {
                let (dx, dy) = (i64::from(x) - i64::from(tx), i64::from(y) - i64::from(ty));
                if dx * dx + dy * dy <= i64::from(r * r) {
                    img.put_pixel(x, y, colour);
                }
            }
        }
    }
    img.save(&out).expect("write the map");
}
