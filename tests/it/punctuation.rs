//! What the published text looks like (issue 20): every report page ingest writes, for the
//! seed site and for the real pages of ../shared/eval (dev text pages and saved web pages,
//! copied to a temporary folder; skipped with a message where absent), uses full-width
//! punctuation in Chinese text and none inside numbers, times, web addresses or Latin words,
//! and carries no picture controls; the built site shows the same.

use std::fs;
use std::path::Path;

use crate::harness::{TestDir, jianbao, seeds_dir};

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// The published text of a report page: title, source and event texts, and the body.
fn published_text(page: &str) -> Vec<String> {
    let (front, body) = page.strip_prefix("---\n").and_then(|p| p.split_once("\n---\n")).expect("front matter");
    let keys = ["title:", "source:", "text:", "- text:"];
    let values = front
        .lines()
        .map(str::trim_start)
        .filter_map(|l| keys.iter().find_map(|k| l.strip_prefix(k)))
        .map(|v| v.trim().trim_matches('"').to_string());
    values.chain(body.lines().map(String::from)).collect()
}

/// Faults of one line: an ASCII mark beside a Han character, a full-width one between digits
/// or Latin letters, a full-width mark inside a web address.
fn faults(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let beside_han = prev.is_some_and(is_han) || next.is_some_and(is_han);
        let latin = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphanumeric());
        let snippet = || chars[i.saturating_sub(8)..(i + 8).min(chars.len())].iter().collect::<String>();
        if ",:;?!()\"".contains(chars[i]) && beside_han {
            out.push(format!("ASCII {:?} in Chinese text: {}", chars[i], snippet()));
        }
        if "，：；（）".contains(chars[i]) && latin(prev) && latin(next) {
            out.push(format!("full-width {:?} between digits or letters: {}", chars[i], snippet()));
        }
    }
    for url in line.split_whitespace().filter(|w| w.contains("http://") || w.contains("https://")) {
        let url = &url[url.find("http").unwrap_or(0)..];
        let url: String = url.chars().take_while(|c| !is_han(*c)).collect();
        if url.contains(['，', '：', '；', '（', '）']) {
            out.push(format!("full-width mark in a web address: {url}"));
        }
    }
    out
}

/// Ingests `seeds` (a folder of the seed site, or a copy of the eval pages) and checks every
/// report page; returns how many full-width marks the pages hold.
fn check_pages(dir: &TestDir, seeds: &str) -> usize {
    let out = jianbao(dir.path(), &["ingest", "--seeds", seeds, "--content", "content", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    let mut all = Vec::new();
    let mut marks = 0;
    for entry in fs::read_dir(dir.path().join("content/reports")).unwrap() {
        let path = entry.unwrap().path();
        let page = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for line in published_text(&page) {
            all.extend(faults(&line).into_iter().map(|f| format!("{name}: {f}")));
            marks += line.chars().filter(|c| "，：；（）“”？！。".contains(*c)).count();
            if line.contains("点击查看") {
                all.push(format!("{name}: picture control in the body: {line}"));
            }
        }
    }
    assert!(all.is_empty(), "{} faults:\n{}", all.len(), all.join("\n"));
    marks
}

#[test]
fn seed_site_reports_use_chinese_punctuation() {
    let dir = TestDir::new();
    let marks = check_pages(&dir, seeds_dir().to_str().unwrap());
    assert!(marks > 1000, "only {marks} full-width marks");
    // The built report pages show the text as ingest wrote it.
    let out = jianbao(dir.path(), &["build", "--content", "content", "--quiet"]);
    assert!(out.status.success(), "{}", out.stderr);
    let page = fs::read_to_string(
        dir.path().join("public/reports/fengqingxian-zhao-wenti-zhao-duice-tuopin-gongjian-zai-fa-li/index.html"),
    )
    .unwrap();
    assert!(page.contains("凤庆县：找问题、找对策，脱贫攻坚再发力"), "the title keeps its marks");
}

#[test]
fn dev_and_saved_pages_use_chinese_punctuation() {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    if !eval.join("dev").is_dir() {
        eprintln!("skipped: {} is not present", eval.join("dev").display());
        return;
    }
    let dir = TestDir::new();
    for (set, ext) in [("dev", "txt"), ("html-dev", "html")] {
        for entry in fs::read_dir(eval.join(set)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                dir.write(&format!("raw/{}", path.file_name().unwrap().to_string_lossy()), &fs::read(&path).unwrap());
            }
        }
    }
    let marks = check_pages(&dir, "raw");
    assert!(marks > 1000, "only {marks} full-width marks");
}

#[test]
fn the_fault_finder_finds_faults() {
    assert_eq!(faults("近年来,成都市").len(), 1);
    assert_eq!(faults("共3，500户").len(), 1);
    assert_eq!(faults("见 http://a.cn/（a）.html").len(), 1);
    assert!(faults("近年来，成都市共3,500户，12:30，见 http://a.cn/a,b.html").is_empty());
}
