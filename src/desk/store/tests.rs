use super::*;

const SCAFFOLD: &str = include_str!("../../../scaffold/content/corrections.yaml");

fn site(text: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), text).unwrap();
    let store = Store::new(dir.path(), Hints::default());
    (dir, store)
}

fn read(store: &Store) -> String {
    std::fs::read_to_string(store.path()).unwrap()
}

fn reject(name: &str) -> Action {
    Action::Reject { kind: "people".into(), name: name.into() }
}

#[test]
fn the_scaffold_takes_an_entry_and_keeps_every_comment() {
    let (_dir, store) = site(SCAFFOLD);
    assert!(matches!(store.apply(&reject("王某"), None).unwrap(), Done::Written(_)));
    let after = read(&store);
    assert!(after.starts_with(SCAFFOLD), "{after}");
    assert_eq!(&after[SCAFFOLD.len()..], "\nreject:\n  people:\n    - \"王某\"\n");
    // The same again writes nothing.
    assert!(matches!(store.apply(&reject("王某"), None).unwrap(), Done::Already(_)));
    assert_eq!(read(&store), after);
}

#[test]
fn hostile_names_are_written_as_one_quoted_scalar() {
    let (_dir, store) = site("# mine\nreject:\n  people: [甲]  # keep\n");
    let hostile = ["a: b", "x # y", "\"q\"", "it's", "&a", "*a", "<script>alert(1)</script>", "[x]", "{y: z}", "\\"];
    for name in hostile {
        store.apply(&reject(name), None).unwrap();
        let text = read(&store);
        let c = Corrections::parse("c.yaml", &text).unwrap();
        assert!(!c.is_empty());
        assert!(entries(&text).unwrap().contains(&format!("reject\u{1f}people={name}")), "{text}");
    }
    let text = read(&store);
    assert!(text.starts_with("# mine\nreject:\n  people: [甲, "), "{text}");
    assert!(text.ends_with("]  # keep\n"), "{text}");
}

#[test]
fn names_with_line_breaks_or_nothing_are_refused() {
    let (_dir, store) = site("reject:\n  people: [甲]\n");
    for name in ["a\nb", "a\rb", "   ", "a\u{2028}b", "x\u{0}"] {
        let err = store.apply(&reject(name), None).unwrap_err();
        assert!(format!("{err}").contains("名称"), "{err}");
    }
    assert!(store.apply(&Action::Reject { kind: "cities".into(), name: "x".into() }, None).is_err());
    let bad_date = Action::Fix { report: "a.txt".into(), field: "date".into(), value: "2019-02-30".into() };
    assert!(store.apply(&bad_date, None).is_err());
    assert_eq!(read(&store), "reject:\n  people: [甲]\n");
}

#[test]
fn a_malformed_file_is_never_overwritten() {
    let bad = "reject:\n  people: [甲\nmerge: {\n";
    let (_dir, store) = site(bad);
    let err = store.apply(&reject("乙"), None).unwrap_err();
    assert!(format!("{err:#}").contains("corrections.yaml:"), "{err:#}");
    assert_eq!(read(&store), bad);
    // A county the gazetteer does not know is the normal reader's error too.
    let (_dir, store) = site("reject:\n  people: [甲]\n");
    let add = Action::Add { report: "a.txt".into(), kind: "counties".into(), name: "不存在县".into() };
    assert!(format!("{:#}", store.apply(&add, None).unwrap_err()).contains("gazetteer"));
    assert_eq!(read(&store), "reject:\n  people: [甲]\n");
}

#[test]
fn a_hand_edit_between_two_clicks_is_kept_and_stops_undo() {
    let (_dir, store) = site("reject:\n  people: [甲]\n");
    store.apply(&reject("乙"), None).unwrap();
    let by_hand = read(&store).replace("reject:", "# 手工注释\nreject:");
    std::fs::write(store.path(), &by_hand).unwrap();
    store
        .apply(&Action::Merge { kind: "people".into(), variant: "明远".into(), target: "王明远".into() }, None)
        .unwrap();
    let text = read(&store);
    assert!(text.starts_with("# 手工注释\nreject:\n  people: [甲, \"乙\"]\n"), "{text}");
    assert!(text.contains("merge:\n  people:\n    \"明远\": \"王明远\"\n"), "{text}");
    // Undo puts back the hand edit, then refuses to go past it.
    store.undo().unwrap();
    assert_eq!(read(&store), by_hand);
    assert!(store.undo().is_err());
    assert_eq!(read(&store), by_hand);
}

#[test]
fn undo_restores_the_file_byte_for_byte_unless_edited_since() {
    let original = "# top\nreports:\n  a.txt:\n    title: 旧   # was\n";
    let (_dir, store) = site(original);
    store
        .apply(&Action::Fix { report: "a.txt".into(), field: "title".into(), value: "新: 标题".into() }, None)
        .unwrap();
    assert_eq!(read(&store), "# top\nreports:\n  a.txt:\n    title: \"新: 标题\"   # was\n");
    store
        .apply(&Action::Fix { report: "b.txt#2".into(), field: "date".into(), value: "2019-05".into() }, None)
        .unwrap();
    store.undo().unwrap();
    store.undo().unwrap();
    assert_eq!(read(&store), original);
    assert!(store.undo().is_err());
    store.apply(&reject("甲"), None).unwrap();
    std::fs::write(store.path(), "reject: {people: [甲, 乙]}\n").unwrap();
    assert!(format!("{:#}", store.undo().unwrap_err()).contains("手工"));
    assert_eq!(read(&store), "reject: {people: [甲, 乙]}\n");
}

#[test]
fn a_missing_or_read_only_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path(), Hints::default());
    assert!(store.unwritable().unwrap().contains("不存在"));
    assert!(store.apply(&reject("甲"), None).is_err());
    assert!(!store.path().exists());
    let (_dir, store) = site("reject:\n");
    let mut perms = std::fs::metadata(store.path()).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(store.path(), perms).unwrap();
    assert!(store.unwritable().unwrap().contains("不可写"));
    assert!(store.apply(&reject("甲"), None).is_err());
    assert_eq!(read(&store), "reject:\n");
}

#[test]
fn every_action_lands_under_its_key() {
    let (_dir, store) = site(SCAFFOLD);
    let actions = [
        Action::Remove { report: "a.txt".into(), kind: "programs".into(), name: "十三五".into() },
        Action::Add { report: "a.txt".into(), kind: "people".into(), name: "赵小红".into() },
        Action::Add { report: "a.txt".into(), kind: "counties".into(), name: "金川县".into() },
        Action::Merge { kind: "programs".into(), variant: "某工程".into(), target: "某示范工程".into() },
        Action::Fix { report: "a.txt".into(), field: "source".into(), value: "某县人民政府".into() },
    ];
    for a in &actions {
        store.apply(a, None).unwrap();
    }
    let got = entries(&read(&store)).unwrap();
    for want in [
        "reports\u{1f}a.txt\u{1f}remove\u{1f}programs=十三五",
        "reports\u{1f}a.txt\u{1f}add\u{1f}people=赵小红",
        "reports\u{1f}a.txt\u{1f}add\u{1f}counties=金川县",
        "merge\u{1f}programs\u{1f}某工程=某示范工程",
        "reports\u{1f}a.txt\u{1f}source=某县人民政府",
    ] {
        assert!(got.contains(&want.to_string()), "{want}: {got:?}");
    }
    assert_eq!(got.len(), 5);
}
