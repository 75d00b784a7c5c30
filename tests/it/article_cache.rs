//! The article cache (`.jianbao/cache/articles/`) and the copy detector's memo
//! (`.jianbao/cache/copies/pairs`): a warm ingest takes each unchanged seed's articles and the
//! reprint pairs from them and writes byte for byte the `content/` of a cold one; a file cut
//! short, written by another build (other rules or data files) or in another format is
//! treated as absent and written again; files of seeds gone are pruned.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::gen_corpus;
use crate::harness::*;

/// The cache files of the site at `root`: name → (bytes, inode). A file written again is a
/// new file renamed into place, so its inode changes; a file only read keeps it.
fn cache_files(root: &Path) -> BTreeMap<String, (Vec<u8>, u64)> {
    let dir = root.join(".jianbao/cache/articles");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), (std::fs::read(e.path()).unwrap(), e.metadata().unwrap().ino()))
        })
        .collect()
}

fn ingest(root: &Path, seeds: &Path) {
    let args = ["--quiet", "ingest", "--seeds", seeds.to_str().unwrap(), "--content", "content"];
    let out = jianbao(root, &args);
    assert!(out.status.success(), "ingest failed: {}", out.stderr);
}

/// The shipped seeds, the extraction fixtures (a bulletin, GBK, a saved page and its MHTML)
/// and generated reports, a fifth of them reprints.
fn seeds(dir: &Path) -> std::path::PathBuf {
    let seeds = dir.join("corpus/seeds");
    gen_corpus::generate_with_copies(30, &dir.join("corpus"), 20);
    copy_tree(&seeds_dir(), &seeds);
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/pages"), &seeds);
    seeds
}

#[test]
fn a_warm_ingest_writes_what_a_cold_one_does_and_damaged_files_count_as_absent() {
    let dir = TestDir::new();
    let seeds = seeds(dir.path());
    let cold = dir.path().join("cold");
    std::fs::create_dir_all(&cold).unwrap();
    ingest(&cold, &seeds);
    let written = cache_files(&cold);
    let n_seeds = std::fs::read_dir(&seeds).unwrap().count();
    assert_eq!(written.len(), n_seeds, "one file per seed");

    // Another site with the cold run's cache and no content yet, some of its files damaged:
    // cut short, another build's rules or data (the hash after the format line), another
    // format; and one of a seed that is gone.
    let warm = dir.path().join("warm");
    copy_tree(&cold.join(".jianbao"), &warm.join(".jianbao"));
    let folder = warm.join(".jianbao/cache/articles");
    let names: Vec<&String> = written.keys().collect();
    let (cut, other_build, other_format) = (names[0], names[3], names[7]);
    let bytes = &written[cut].0;
    std::fs::write(folder.join(cut), &bytes[..bytes.len() - 3]).unwrap();
    let mut bytes = written[other_build].0.clone();
    let format_line = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
    let hash_at = format_line + 4; // after the hash's length
    bytes[hash_at] = if bytes[hash_at] == b'0' { b'1' } else { b'0' };
    std::fs::write(folder.join(other_build), bytes).unwrap();
    let mut bytes = written[other_format].0.clone();
    bytes[format_line - 2] = b'0'; // `jianbao articles 0`
    std::fs::write(folder.join(other_format), bytes).unwrap();
    std::fs::write(folder.join("0123456789abcdef0123456789abcdef.articles"), b"a seed gone").unwrap();
    let memo = cold.join(".jianbao/cache/copies/pairs");
    let memo_bytes = std::fs::read(&memo).unwrap();
    let warm_memo = warm.join(".jianbao/cache/copies/pairs");
    std::fs::write(&warm_memo, &memo_bytes[..memo_bytes.len() - 1]).unwrap();
    let before = cache_files(&warm);

    ingest(&warm, &seeds);
    assert!(read_tree(&cold.join("content")) == read_tree(&warm.join("content")), "warm content differs from cold");
    let after = cache_files(&warm);
    assert_eq!(after.keys().collect::<Vec<_>>(), names, "the gone seed's file is pruned, no other");
    for (name, (bytes, inode)) in &after {
        assert_eq!(bytes, &written[name].0, "{name}: written again as the cold run wrote it");
        let damaged = [cut, other_build, other_format].contains(&name);
        assert_eq!(*inode != before[name].1, damaged, "{name}: only the damaged files are written again");
    }
    assert_eq!(std::fs::read(&warm_memo).unwrap(), memo_bytes, "the memo cut short is written again");
    let memo_inode = std::fs::metadata(&warm_memo).unwrap().ino();

    // Warm again over its own content: nothing extracted, nothing changes.
    ingest(&warm, &seeds);
    assert!(read_tree(&cold.join("content")) == read_tree(&warm.join("content")));
    assert!(cache_files(&warm).iter().all(|(name, (_, inode))| *inode == after[name].1));
    assert_eq!(std::fs::metadata(&warm_memo).unwrap().ino(), memo_inode, "the memo is read, not written");
}

#[test]
fn an_edited_seed_is_extracted_again_and_its_old_file_pruned() {
    let dir = TestDir::new();
    let seeds = dir.path().join("seeds");
    copy_tree(&seeds_dir(), &seeds);
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    ingest(&site, &seeds);
    let first = cache_files(&site);
    let seed = std::fs::read_dir(&seeds).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, format!("{text}\n青石县委书记王明远在会上讲话。\n")).unwrap();
    ingest(&site, &seeds);
    let second = cache_files(&site);
    assert_eq!(second.len(), first.len());
    assert_eq!(second.keys().filter(|k| !first.contains_key(*k)).count(), 1, "the edited seed's new file");

    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    ingest(&fresh, &seeds);
    assert!(read_tree(&site.join("content")) == read_tree(&fresh.join("content")));
}
