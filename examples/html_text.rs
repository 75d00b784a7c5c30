//! Prints what `ingest` reads from saved web pages: the evidence for each metadata field and
//! the text handed to the text pipeline. `cargo run --example html_text -- page.html …`

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        match jianbao::ingest::html::read_page(&bytes) {
            Ok(page) => {
                if std::env::var("DEBUG_CONTAINER").is_ok() {
                    debug_container(&String::from_utf8_lossy(&bytes));
                }
                println!("== {path}\n{:#?}\n{}", page.meta, page.text)
            }
            Err(skip) => println!("== {path}: skipped: {skip}"),
        }
    }
}

#[allow(dead_code)]
fn debug_container(html: &str) {
    let doc = scraper::Html::parse_document(html);
    let id = jianbao::ingest::html::content::container(&doc);
    let el = id.and_then(|i| scraper::ElementRef::wrap(doc.tree.get(i).unwrap()));
    eprintln!(
        "container: {:?}",
        el.map(|e| format!("{} {:?} {:?}", e.value().name(), e.value().attr("class"), e.value().id()))
    );
}
