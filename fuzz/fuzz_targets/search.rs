//! The search tokenizer on text, and the index reader on the same bytes as a table.
#![no_main]
libfuzzer_sys::fuzz_target!(init: jianbao::fuzzing::warm_up(), |bytes: &[u8]| {
    jianbao::fuzzing::search(&String::from_utf8_lossy(bytes), bytes);
});
