//! Raw bytes read as a seed file named `fuzz.text`: decoding, page reading and extraction.
#![no_main]
libfuzzer_sys::fuzz_target!(init: jianbao::fuzzing::warm_up(), |bytes: &[u8]| {
    jianbao::fuzzing::seed("fuzz.text", bytes);
});
