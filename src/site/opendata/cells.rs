//! A table's cells and their two encodings: CSV (RFC 4180) and JSON, typed by the column.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::schema::TableDef;

/// One cell, typed as its column, borrowing the graph's strings: the tables of a large site
/// are tens of megabytes, so nothing is copied that need not be.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell<'a> {
    Text(Cow<'a, str>),
    Missing,
    Integer(u32),
    Number(f64),
    List(Vec<Cow<'a, str>>),
}

impl Cell<'_> {
    /// The cell with its text copied out of the graph.
    pub(super) fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Text(s) => Cell::Text(Cow::Owned(s.into_owned())),
            Cell::Missing => Cell::Missing,
            Cell::Integer(n) => Cell::Integer(n),
            Cell::Number(x) => Cell::Number(x),
            Cell::List(items) => Cell::List(items.into_iter().map(|i| Cow::Owned(i.into_owned())).collect()),
        }
    }
}

pub(super) fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

pub(super) fn owned(s: String) -> Cell<'static> {
    Cell::Text(Cow::Owned(s))
}

pub(super) fn optional(s: Option<&str>) -> Cell<'_> {
    s.filter(|s| !s.is_empty()).map_or(Cell::Missing, text)
}

pub(super) fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> Cell<'a> {
    Cell::List(items.into_iter().map(Cow::Borrowed).collect())
}

/// RFC 4180: a header line, fields quoted only when they hold a comma, quote or line break,
/// CRLF after every record.
pub(super) fn csv<'a, R: AsRef<[Cell<'a>]>>(table: &TableDef, rows: impl IntoIterator<Item = R>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let fail = "writing to memory";
    w.write_record(table.columns.iter().map(|c| c.name)).expect(fail);
    let mut scratch = String::new();
    for row in rows {
        for cell in row.as_ref() {
            match cell {
                Cell::Text(s) => w.write_field(s.as_bytes()),
                Cell::Missing => w.write_field(b""),
                Cell::Integer(n) => w.write_field(n.to_string()),
                Cell::Number(x) => w.write_field(x.to_string()),
                Cell::List(items) => {
                    scratch.clear();
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            scratch.push(';');
                        }
                        scratch.push_str(item);
                    }
                    w.write_field(scratch.as_bytes())
                }
            }
            .expect(fail);
        }
        w.write_record(None::<&[u8]>).expect(fail);
    }
    w.into_inner().expect(fail)
}

/// The rows as a JSON array of objects, one row per line, keys in column order.
pub(super) fn json_rows<'a, R: AsRef<[Cell<'a>]>>(table: &TableDef, rows: impl IntoIterator<Item = R>) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    let keys: Vec<String> = table.columns.iter().map(|c| format!("{}:", Value::from(c.name))).collect();
    let string = |out: &mut Vec<u8>, s: &str| serde_json::to_writer(out, s).expect("writing to memory");
    out.push(b'[');
    for (i, row) in rows.into_iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n{" } else { b",\n{" });
        for (j, (key, cell)) in keys.iter().zip(row.as_ref()).enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key.as_bytes());
            match cell {
                Cell::Text(s) => string(&mut out, s),
                Cell::Missing => out.extend_from_slice(b"null"),
                Cell::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
                Cell::Number(x) => out.extend_from_slice(json!(x).to_string().as_bytes()),
                Cell::List(items) => {
                    out.push(b'[');
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(b',');
                        }
                        string(&mut out, item);
                    }
                    out.push(b']');
                }
            }
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"\n]\n");
    out
}
