//! `content/corrections.yaml`: parsed, validated and applied.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    jianbao::fuzzing::corrections(text);
});
