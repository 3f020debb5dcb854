// SPDX-License-Identifier: Apache-2.0
//
// Reference for the cargo scheme: Rust's semver crate (Debian's librust-semver-dev source, built
// by refcmp.py with Debian's rustc). Reads "A<TAB>B" lines as bytes, prints < = > per line from
// `Ord::cmp` of the two `Version`s, or ! when `Version::parse` rejects either side, a side is not
// UTF-8 (the crate takes &str) or is empty, or the line is not exactly two fields. Nothing here is
// stricter than the crate.
use std::cmp::Ordering;
use std::io::{self, Read, Write};

fn parse(bytes: &[u8]) -> Option<semver::Version> {
    if bytes.is_empty() {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    semver::Version::parse(text).ok()
}

fn answer(line: &[u8]) -> u8 {
    let fields: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
    if fields.len() != 2 {
        return b'!';
    }
    match (parse(fields[0]), parse(fields[1])) {
        (Some(a), Some(b)) => match a.cmp(&b) {
            Ordering::Less => b'<',
            Ordering::Equal => b'=',
            Ordering::Greater => b'>',
        },
        _ => b'!',
    }
}

fn main() {
    let mut input = Vec::new();
    io::stdin().read_to_end(&mut input).expect("reading standard input");
    let has_lines = !input.is_empty();
    if input.last() == Some(&b'\n') {
        input.pop();
    }
    let mut out = Vec::new();
    if has_lines {
        for mut line in input.split(|&b| b == b'\n') {
            // Like `upkeep version compare`: a CR before the LF ends the line, it is not data.
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            out.push(answer(line));
            out.push(b'\n');
        }
    }
    io::stdout().write_all(&out).expect("writing standard output");
}
