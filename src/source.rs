//! Reading content text safely and parsing it: size and nesting limits, UTF-8, paths that
//! must stay inside the content folder, and RON errors turned into located diagnostics with
//! hints. The bottom of the content stack: every loader (scenarios, rules, questions, action
//! scripts, profile imports) reads through here.

use crate::diagnostic::{Diagnostic, did_you_mean};
use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// A content file's text, kept so later problems can point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The content folder the file was loaded from; paths in it may not leave this folder.
    pub root: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// The file's version: 12 hex digits fingerprinting its text (a name-based UUID over it),
    /// the same on every machine for the same text, different when a word changes. Attempts and
    /// xAPI statements carry it, so a result can be told apart from one on an edited scenario.
    pub fn version(&self) -> String {
        let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"frontdesk:content");
        uuid::Uuid::new_v5(&namespace, self.text.as_bytes())
            .simple()
            .to_string()[..12]
            .to_owned()
    }

    /// An error pointing at the `nth` (0-based) quoted appearance of `id` in this file.
    pub fn error_at_id(&self, id: &str, nth: usize, message: impl Into<String>) -> Diagnostic {
        self.at_id(Diagnostic::error(&self.path, message), id, nth)
    }

    /// A warning pointing at the `nth` (0-based) quoted appearance of `id` in this file.
    pub fn warning_at_id(&self, id: &str, nth: usize, message: impl Into<String>) -> Diagnostic {
        self.at_id(Diagnostic::warning(&self.path, message), id, nth)
    }

    fn at_id(&self, diagnostic: Diagnostic, id: &str, nth: usize) -> Diagnostic {
        let needle = format!("\"{id}\"");
        let mut from = 0;
        for _ in 0..nth {
            match crate::diagnostic::find_from(&self.text, &needle, from) {
                Some(offset) => from = offset + needle.len(),
                None => break,
            }
        }
        diagnostic.at_text(&self.text, &needle, from)
    }
}

/// No content file may be larger: a scenario is a few kilobytes, so this is generous.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Nesting deeper than this is refused before it can exhaust the stack.
pub const MAX_NESTING: usize = 64;

/// The RON options every content file is read with.
pub fn ron_options() -> ron::Options {
    let mut options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES);
    // The parser counts a level for each value and each enum around it: `Not(…)` costs two,
    // and a rule sits some levels down in its file: room for 64 written levels.
    options.recursion_limit = Some(2 * MAX_NESTING + 16);
    options
}

/// Reads a file as text, refusing what is too big or not UTF-8.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let metadata = fs::metadata(path).map_err(|e| {
        Diagnostic::error(path, format!("cannot read the file: {e}"))
            .with_hint("check that the path is right and the file is readable")
    })?;
    // A pipe or a device never ends (opening a FIFO waits for a writer forever), and a folder
    // is not text: only regular files are read.
    if !metadata.is_file() {
        let what = if metadata.is_dir() {
            "a folder"
        } else {
            "a pipe, a socket or a device"
        };
        return Err(
            Diagnostic::error(path, format!("this is {what}, not a text file"))
                .with_hint("content and scripts are plain text files; rename or remove this one"),
        );
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_big(path, metadata.len()));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(path, bytes.len() as u64));
    }
    text_from_bytes(path, bytes)
}

fn too_big(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(
        path,
        format!(
            "the file is {:.1} MB; content files may be at most {} MB",
            len as f64 / 1_000_000.0,
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .with_hint("split it into smaller files; a scenario is usually a few kilobytes")
}

pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::error(path, "the file is not valid UTF-8 text")
            .at_offset(&prefix, valid, 1)
            .with_hint(
                "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
            )
    })
}

/// Parses RON text into `T`, with a located diagnostic on failure.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty").with_hint(
            "a content file holds one value, e.g. `Scenario( … )`; see docs/SCENARIO_FORMAT.md",
        ));
    }
    if let Some((offset, bytes)) = overlong_string(text) {
        return Err(Diagnostic::error(
            path,
            format!(
                "this text is {} KB long; a text in content may be at most {} KB",
                bytes / 1000,
                MAX_STRING_BYTES / 1000
            ),
        )
        .at_offset(text, offset, 1)
        .with_hint("a feedback or a line of dialogue is a few sentences; split or shorten it"));
    }
    ron_options()
        .from_str(text)
        .map_err(|e| ron_diagnostic(path, text, &e))
}

/// No text in content may be longer: a rule's feedback is a paragraph, and every report of
/// every attempt carries copies of its rules' words (a 4 MB title took `check` to 2.3 GB).
pub const MAX_STRING_BYTES: usize = 20_000;

/// Where the first string literal longer than `MAX_STRING_BYTES` starts, and its length.
/// Skips comments (nested block comments too), character literals and raw strings, so a quote
/// in a comment or an apostrophe never confuses it.
fn overlong_string(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i - start > MAX_STRING_BYTES {
                    return Some((start, i - start));
                }
                i += 1;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'#' | b'"'))
                && !bytes
                    .get(i.wrapping_sub(1))
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') =>
            {
                let start = i;
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = text[open + 1..]
                    .find(&close)
                    .map_or(bytes.len(), |n| open + 1 + n);
                if end - start > MAX_STRING_BYTES {
                    return Some((start, end - start));
                }
                i = end + close.len();
            }
            b'\'' => {
                // A character literal: 'x' or '\n'.
                i += if bytes.get(i + 1) == Some(&b'\\') {
                    4
                } else {
                    3
                };
            }
            _ => i += 1,
        }
    }
    None
}

fn ron_diagnostic(path: &Path, text: &str, error: &SpannedError) -> Diagnostic {
    let start = error.span.start;
    let width = if error.span.end.line == start.line {
        error.span.end.col.saturating_sub(start.col).max(1)
    } else {
        1
    };
    let diagnostic =
        Diagnostic::error(path, ron_message(&error.code)).at(text, start.line, start.col, width);
    let before = text
        .lines()
        .nth(start.line.saturating_sub(1))
        .map(|line| {
            line.chars()
                .take(start.col.saturating_sub(1))
                .collect::<String>()
        })
        .unwrap_or_default();
    if before.trim_end().ends_with("Some(") {
        return diagnostic.with_hint(
            "optional fields are written without `Some( … )`: write the value itself, e.g. `eob: (allowed: …)` or `patient: \"p1\"`",
        );
    }
    match ron_hint(&error.code) {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// RON's own message, shortened where it would list every allowed word (the hint does that).
fn ron_message(code: &RonError) -> String {
    let within = |outer: &Option<String>| {
        outer
            .as_deref()
            .map_or(String::new(), |o| format!(" in `{o}`"))
    };
    match code {
        RonError::NoSuchEnumVariant { found, outer, .. } => {
            format!("`{found}` is not a word allowed here{}", within(outer))
        }
        RonError::NoSuchStructField { found, outer, .. } => {
            format!("`{found}` is not a field{}", within(outer))
        }
        RonError::MissingStructField { field, outer } => {
            format!("the field `{field}` is missing{}", within(outer))
        }
        RonError::ExceededRecursionLimit => "the content is nested too deeply".to_owned(),
        other => other.to_string(),
    }
}

fn ron_hint(code: &RonError) -> Option<String> {
    Some(match code {
        RonError::MissingStructField { field, outer } => format!(
            "add `{field}: …` to {}; RON reports a missing field at the end of the value that \
             needs it, so look above this point",
            outer
                .as_deref()
                .map_or("it".to_owned(), |o| format!("`{o}`"))
        ),
        RonError::NoSuchStructField {
            expected, found, ..
        } => match did_you_mean(found, expected.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the fields here are: {}", expected.join(", ")),
        },
        RonError::NoSuchEnumVariant {
            expected, found, ..
        } => match did_you_mean(found, expected.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if expected.len() <= 24 => format!("write one of: {}", expected.join(", ")),
            None => "see docs/SCENARIO_FORMAT.md for the words allowed here".to_owned(),
        },
        RonError::DuplicateStructField { field, .. } => {
            format!("`{field}` is written twice; keep one")
        }
        RonError::Eof => {
            "the file ends too early: a bracket or quote opened above is never closed".to_owned()
        }
        RonError::ExceededRecursionLimit => {
            format!("content may nest at most {MAX_NESTING} levels deep; flatten the structure")
        }
        RonError::ExpectedString | RonError::ExpectedStringEnd => {
            "text and ids are written in double quotes, e.g. \"chest-pain-call\"".to_owned()
        }
        RonError::ExpectedComma => "separate fields and list items with commas".to_owned(),
        RonError::TrailingCharacters => {
            "a file holds one value; something follows its closing bracket".to_owned()
        }
        RonError::ExpectedInteger | RonError::IntegerOutOfBounds => {
            "a whole number is expected here, e.g. 20".to_owned()
        }
        RonError::InvalidValueForType { expected, .. } => format!("write {expected} here"),
        RonError::ExpectedNamedStructLike(name) => format!("write it as `{name}( … )`"),
        RonError::ExpectedDifferentStructName { expected, .. } => {
            format!("this value is a `{expected}( … )`")
        }
        _ => return None,
    })
}

/// Whether `path` (following links) is inside the canonical folder `root`.
pub fn inside(path: &Path, root: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p.starts_with(root))
}

/// Resolves a path written in content relative to the file that wrote it, refusing anything
/// that would leave the content folder.
pub fn resolve_inside(source: &SourceFile, written: &str) -> Result<PathBuf, String> {
    let relative = Path::new(written);
    if written.trim().is_empty() || relative.components().all(|c| c == Component::CurDir) {
        return Err("this names no file".to_owned());
    }
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, Component::Prefix(_)))
    {
        return Err("paths in content are relative to the file, never absolute".to_owned());
    }
    let root = source.root.canonicalize().map_err(|e| e.to_string())?;
    let base = source
        .path
        .parent()
        .unwrap_or(Path::new("."))
        .canonicalize()
        .map_err(|e| e.to_string())?;
    // Where the path leads as written (`a/missing/../ok.txt` is `a/ok.txt`), before asking the
    // file system: a folder that does not exist is no reason to call a path outside.
    let mut lexical = base.clone();
    for component in relative.components() {
        match component {
            Component::ParentDir if !lexical.pop() => {
                return Err("this path leads outside the content folder".to_owned());
            }
            Component::Normal(part) => lexical.push(part),
            _ => {}
        }
    }
    if !lexical.starts_with(&root) {
        return Err("this path leads outside the content folder".to_owned());
    }
    match lexical.canonicalize() {
        // A link inside may still point outside.
        Ok(resolved) if !resolved.starts_with(&root) => {
            Err("this path leads outside the content folder".to_owned())
        }
        Ok(resolved) if resolved.is_dir() => Err(format!("`{written}` is a folder, not a file")),
        Ok(resolved) => Ok(resolved),
        Err(_) => Err(format!("there is no file `{}`", lexical.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_version_follows_its_text_and_nothing_else() {
        let file = |path: &str, text: &str| SourceFile {
            path: path.into(),
            root: ".".into(),
            text: text.into(),
        };
        let version = file("a.scenario.ron", "(id: \"a\")").version();
        assert_eq!(version.len(), 12);
        assert!(version.chars().all(|c| c.is_ascii_hexdigit()));
        // The same text elsewhere is the same version; one word changed is another.
        assert_eq!(version, file("clinic/b.ron", "(id: \"a\")").version());
        assert_ne!(version, file("a.scenario.ron", "(id: \"b\")").version());
    }

    #[test]
    fn an_overlong_text_is_refused_where_it_starts_and_comments_do_not_confuse_it() {
        let long = "x".repeat(MAX_STRING_BYTES + 1);
        let text = format!(
            "// a \"quote\" in a comment\n/* and \"one\" /* nested */ here */\n(a: 'a', b: '\\'', c: \"it's fine\", d: \"{long}\")"
        );
        let (offset, _) = overlong_string(&text).expect("found");
        assert_eq!(&text[offset..offset + 4], "\"xxx");
        let short = "(a: \"a \\\"quoted\\\" word\", b: r#\"raw \"text\"\"#)";
        assert_eq!(overlong_string(short), None);
        let raw = format!("(a: r#\"{long}\"#)");
        assert!(overlong_string(&raw).is_some());
        let error = parse::<ron::Value>(Path::new("t.ron"), &text).expect_err("refused");
        assert_eq!(error.line, 3);
        assert!(error.message.contains("at most 20 KB"), "{}", error.message);
    }

    #[test]
    fn an_attachment_names_a_file_inside_the_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("a/forms")).expect("mkdir");
        std::fs::write(root.join("a/ok.txt"), "ok").expect("write");
        let source = SourceFile {
            path: root.join("a/x.scenario.ron"),
            root: root.clone(),
            text: String::new(),
        };
        assert!(resolve_inside(&source, "ok.txt").is_ok());
        // Through a folder that does not exist, and back: still inside, and the file is there.
        assert!(resolve_inside(&source, "missing/../ok.txt").is_ok());
        assert!(
            resolve_inside(&source, "missing/../gone.txt")
                .is_err_and(|e| e.starts_with("there is no file"))
        );
        for nothing in ["", ".", "./"] {
            assert_eq!(
                resolve_inside(&source, nothing),
                Err("this names no file".to_owned())
            );
        }
        assert!(resolve_inside(&source, "forms").is_err_and(|e| e.contains("is a folder")));
        assert!(
            resolve_inside(&source, "../../outside.txt")
                .is_err_and(|e| e.contains("outside the content folder"))
        );
        assert!(
            resolve_inside(&source, "/etc/passwd").is_err_and(|e| e.contains("never absolute"))
        );
    }
}
