//! A report body rendered as the build renders it, as text and with raw HTML allowed.
#![no_main]
libfuzzer_sys::fuzz_target!(init: jianbao::fuzzing::warm_up(), |text: &str| {
    jianbao::fuzzing::markdown(text, false);
    jianbao::fuzzing::markdown(text, true);
});
