//! `content/corrections.yaml`: parsed, validated and applied.
#![no_main]
libfuzzer_sys::fuzz_target!(init: jianbao::fuzzing::warm_up(), |text: &str| {
    jianbao::fuzzing::corrections(text);
});
