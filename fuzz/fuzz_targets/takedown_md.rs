//! Meta's threat-research repository: the README index (Markdown), `index.json` and the
//! per-network summary Markdown files.
#![no_main]

use faralink::takedowns::meta;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = meta::parse_index(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let entries = meta::parse_readme_index(text).unwrap_or_default();
    for e in &entries {
        let _ = e.takedown_id();
    }
    let entry = entries
        .into_iter()
        .next()
        .unwrap_or_else(|| meta::IndexEntry {
            id: "meta-2020-09-fuzz".into(),
            ..Default::default()
        });
    let _ = meta::parse_summary_md(text, &entry);
});
