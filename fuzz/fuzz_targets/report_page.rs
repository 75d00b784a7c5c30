//! A report page's front matter and body: parsed, written again, parsed again.
#![no_main]
libfuzzer_sys::fuzz_target!(init: jianbao::fuzzing::warm_up(), |text: &str| {
    jianbao::fuzzing::report_page(text);
});
