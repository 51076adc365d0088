//! Resource-pack pages saved as text: any text, through the importer, and an imported page on
//! into a pack item and its TOML. Never a panic; a refusal names a line.

#![no_main]

use fidelity_review::scale::{import, pack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match import::import_page("page.txt", text) {
        Ok(page) => {
            let item = import::to_item(&page, None);
            let toml = pack::item_to_toml(&item);
            assert!(
                toml::from_str::<toml::Table>(&toml).is_ok(),
                "an imported item is not valid TOML:\n{toml}"
            );
        }
        Err(error) => assert!(error.line >= 1, "{error}"),
    }
});
