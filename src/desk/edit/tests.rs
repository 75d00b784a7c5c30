use super::*;
use serde_json::Value;

/// The scaffold's layout, uncommented, with comments at every level.
const FILE: &str = "# 编辑更正\n#\n# reject: dropped everywhere\nreject:                    # found by ingest\n  people: [王某某]   # flow\n  programs:\n    - 两不愁三保障  # why\n    - 十三五\n\n# merges\nmerge:\n  people: {明远同志: 王明远}\n\nreports:\n  a.txt:\n    title: 旧标题   # keep me\n    add: {people: [赵小红], counties: []}\n  c.txt:\n    skip: true\n";

fn parsed(text: &str) -> Value {
    crate::frontmatter::parse_yaml("corrections.yaml", text).unwrap_or_else(|e| panic!("{e:#}\n{text}"))
}

fn item(s: &str) -> Leaf {
    Leaf::Item(s.to_string())
}

fn entry(k: &str, v: &str) -> Leaf {
    Leaf::Entry(k.to_string(), v.to_string())
}

#[test]
fn appends_to_a_flow_list_keeping_its_comment() {
    let out = apply(FILE, &["reject", "people"], &item("李四")).unwrap();
    assert_eq!(out, FILE.replace("[王某某]   # flow", "[王某某, \"李四\"]   # flow"));
}

#[test]
fn appends_to_a_block_list_after_its_last_item() {
    let out = apply(FILE, &["reject", "programs"], &item("新项目")).unwrap();
    assert_eq!(out, FILE.replace("    - 十三五\n", "    - 十三五\n    - \"新项目\"\n"));
}

#[test]
fn creates_a_missing_kind_under_its_key() {
    let out = apply(FILE, &["reject", "counties"], &item("金川县")).unwrap();
    assert_eq!(out, FILE.replace("    - 十三五\n", "    - 十三五\n  counties:\n    - \"金川县\"\n"));
}

#[test]
fn puts_into_a_flow_map_and_replaces_a_value_in_place() {
    let out = apply(FILE, &["merge", "people"], &entry("明远", "王明远")).unwrap();
    assert!(out.contains("people: {明远同志: 王明远, \"明远\": \"王明远\"}\n"), "{out}");
    let out = apply(FILE, &["reports", "a.txt"], &entry("title", "新标题")).unwrap();
    assert_eq!(out, FILE.replace("title: 旧标题   # keep me", "title: \"新标题\"   # keep me"));
}

#[test]
fn reaches_into_a_flow_map_on_a_report() {
    let out = apply(FILE, &["reports", "a.txt", "add", "people"], &item("钱七")).unwrap();
    assert!(out.contains("add: {people: [赵小红, \"钱七\"], counties: []}"), "{out}");
    let out = apply(FILE, &["reports", "a.txt", "add", "programs"], &item("某工程")).unwrap();
    assert!(out.contains("counties: [], programs: [\"某工程\"]}"), "{out}");
    let out = apply(FILE, &["reports", "a.txt", "add", "counties"], &item("金川县")).unwrap();
    assert!(out.contains("counties: [\"金川县\"]}"), "{out}");
}

#[test]
fn a_new_report_goes_in_order_among_sorted_keys() {
    let out = apply(FILE, &["reports", "b.txt"], &entry("date", "2019-05")).unwrap();
    assert!(
        out.contains("    add: {people: [赵小红], counties: []}\n  \"b.txt\":\n    date: \"2019-05\"\n  c.txt:\n"),
        "{out}"
    );
    let out = apply(FILE, &["reports", "d.txt", "remove", "people"], &item("张三")).unwrap();
    assert!(out.ends_with("    skip: true\n  \"d.txt\":\n    remove:\n      people:\n        - \"张三\"\n"), "{out}");
}

#[test]
fn a_missing_top_level_key_goes_in_the_usual_order() {
    let text = "# top\nreject:\n  people: [甲]\n\n# the reports\nreports:\n  a.txt:\n    skip: true\n";
    let out = apply(text, &["merge", "people"], &entry("乙同志", "乙")).unwrap();
    assert_eq!(
        out,
        "# top\nreject:\n  people: [甲]\n\nmerge:\n  people:\n    \"乙同志\": \"乙\"\n\n# the reports\nreports:\n  a.txt:\n    skip: true\n"
    );
    // A file of comments only (the scaffold): appended after them.
    let out = apply("# only comments\n#   people: [x]\n", &["reject", "people"], &item("甲")).unwrap();
    assert_eq!(out, "# only comments\n#   people: [x]\n\nreject:\n  people:\n    - \"甲\"\n");
    assert_eq!(apply("", &["reject", "people"], &item("甲")).unwrap(), "reject:\n  people:\n    - \"甲\"\n");
}

#[test]
fn empty_and_null_values_take_the_entry() {
    let out = apply("reject:\n  people:\n  counties: ~  # none\n", &["reject", "counties"], &item("金川县")).unwrap();
    assert_eq!(out, "reject:\n  people:\n  counties: [\"金川县\"]  # none\n");
    let out = apply("reject:\n  people:\n", &["reject", "people"], &item("甲")).unwrap();
    assert_eq!(parsed(&out)["reject"]["people"], serde_json::json!(["甲"]));
    let out = apply("reject:\n", &["reject", "people"], &item("甲")).unwrap();
    assert_eq!(parsed(&out)["reject"]["people"], serde_json::json!(["甲"]));
}

#[test]
fn a_sequence_at_its_keys_indent_is_kept_so() {
    let text = "reject:\n  people:\n  - 甲\n  - 乙\n  programs: [x]\n";
    let out = apply(text, &["reject", "people"], &item("丙")).unwrap();
    assert_eq!(out, "reject:\n  people:\n  - 甲\n  - 乙\n  - \"丙\"\n  programs: [x]\n");
}

#[test]
fn quoted_keys_are_found() {
    let text = "reports:\n  \"a b.txt\":\n    title: x\n  'c#2':\n    title: y\n";
    let out = apply(text, &["reports", "c#2"], &entry("title", "z")).unwrap();
    assert_eq!(out, "reports:\n  \"a b.txt\":\n    title: x\n  'c#2':\n    title: \"z\"\n");
}

#[test]
fn hostile_names_stay_one_scalar() {
    let hostile = [
        "a: b", "x # y", "\"quoted\"", "it's", "&anchor", "*alias", "<b>王</b>", "[1, 2]", "{a: b}", "- dash",
        "back\\slash", "line\nbreak", "tab\there", "? q", "| block", "!tag", "%percent", "@at", "`tick`", "  spaced  ",
    ];
    for name in hostile {
        for path in [
            &["reject", "people"][..],
            &["reject", "programs"],
            &["reports", "a.txt", "add", "people"],
            &["reject", "counties"],
        ] {
            let out = apply(FILE, path, &item(name)).unwrap();
            let value = parsed(&out);
            let list = path.iter().fold(&value, |v, k| &v[*k]);
            assert_eq!(list.as_array().unwrap().last().unwrap(), name, "{path:?}\n{out}");
        }
        let out = apply(FILE, &["merge", "people"], &entry(name, name)).unwrap();
        assert_eq!(parsed(&out)["merge"]["people"][name], name, "{out}");
        let out = apply(FILE, &["reports", name], &entry("title", name)).unwrap();
        assert_eq!(parsed(&out)["reports"][name]["title"], name, "{out}");
    }
}

#[test]
fn everything_else_stays_byte_for_byte() {
    for (path, leaf) in [
        (&["reject", "people"][..], item("甲")),
        (&["merge", "programs"], entry("a", "b")),
        (&["reports", "a.txt"], entry("source", "某县")),
    ] {
        let out = apply(FILE, path, &leaf).unwrap();
        let before: Vec<&str> = FILE.lines().collect();
        let after: Vec<&str> = out.lines().collect();
        let kept = before.iter().filter(|l| after.contains(l)).count();
        assert!(kept + 1 >= before.len(), "{path:?}: {out}");
        assert!(after.len() <= before.len() + 2);
    }
}

#[test]
fn an_unclosed_flow_list_is_an_error() {
    assert!(apply("reject:\n  people: [甲, \"乙\n", &["reject", "people"], &item("丙")).is_err());
    assert!(apply("reports:\n  a.txt:\n    title: {x\n", &["reports", "a.txt"], &entry("title", "y")).is_err());
}
