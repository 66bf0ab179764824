//! EDTF dates: parsing never panics; a parsed date keeps its text, displays, and its
//! bounds are ordered; an error's span lies on character boundaries of the input (the
//! model slices the input there to place the caret).
#![no_main]

use briefing::dates::Edtf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Edtf::parse(text) {
        Ok(d) => {
            assert_eq!(d.as_written(), text);
            assert!(!d.display().is_empty());
            assert!(
                d.lower() <= d.upper(),
                "{text:?}: {:?} > {:?}",
                d.lower(),
                d.upper()
            );
            let _ = (
                d.lower().iso(),
                d.upper().iso(),
                d.month_key(),
                d.precision(),
                d.start().rfc3339(),
                d.time_display(),
            );
            let again = Edtf::parse(d.as_written()).expect("reparses");
            assert_eq!(again, d);
        }
        Err(e) => {
            assert!(e.offset <= text.len(), "{text:?}: {e:?}");
            assert!(text.is_char_boundary(e.offset), "{text:?}: {e:?}");
            assert!(e.len >= 1);
            assert!(!e.message.is_empty());
        }
    }
});
