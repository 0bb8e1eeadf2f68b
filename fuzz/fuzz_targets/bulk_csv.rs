//! The bulk CSV path as `sync` runs it on a downloaded file: decode (UTF-8 or Windows-1252),
//! repair broken quoting (`fara::csvfix`) and parse each of the four files. The first byte
//! picks the file kind so one corpus covers all four.
#![no_main]

use faralink::fara::bulk;
use faralink::fara::csvfix;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    match kind % 5 {
        0 => drop(bulk::parse_bytes(rest, bulk::parse_registrants)),
        1 => drop(bulk::parse_bytes(rest, bulk::parse_foreign_principals)),
        2 => drop(bulk::parse_bytes(rest, bulk::parse_short_forms)),
        3 => drop(bulk::parse_bytes(rest, bulk::parse_registrant_docs)),
        _ => {
            let (text, _) = bulk::decode(rest);
            let width = 1 + (kind as usize / 5) % 12;
            for read in csvfix::Records::new(&text, 2, width) {
                drop(read);
            }
            for line in text.lines() {
                drop(csvfix::split_record(line, width));
                drop(csvfix::strict_split(line));
                drop(bulk::parse_doc_url(line));
            }
        }
    }
});
