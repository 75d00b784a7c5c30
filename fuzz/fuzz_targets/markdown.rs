//! A report body rendered as the build renders it, as text and with raw HTML allowed.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    jianbao::fuzzing::markdown(text, false);
    jianbao::fuzzing::markdown(text, true);
});
