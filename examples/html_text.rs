//! Prints what `ingest` reads from saved web pages: the evidence for each metadata field and
//! the text handed to the text pipeline. `cargo run --example html_text -- page.html …`

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        println!("== {path}\n{}", jianbao::ingest::html::describe_page(&bytes));
    }
}
