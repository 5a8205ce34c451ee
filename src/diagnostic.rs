//! Errors that name the place: a content problem with its file, line, column, the offending line
//! of source and a plain-language hint, rendered the way compilers do.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The source line the problem is on, when the file could be read as text.
    pub snippet: Option<String>,
    /// How many characters to underline from `column`.
    pub width: usize,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            message: message.into(),
            file: file.to_path_buf(),
            line: 1,
            column: 1,
            snippet: None,
            width: 1,
            hint: None,
        }
    }

    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Points the diagnostic at a 1-based line and column of `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize, width: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self.width = width.max(1);
        self.snippet = source.lines().nth(self.line - 1).map(str::to_owned);
        self
    }

    /// Points the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize, width: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column, width)
    }

    /// Points at the `occurrence`-th (0-based) appearance of `needle` in `source`, searching from
    /// byte `from`; stays at the current place when it is not there.
    pub fn at_text(self, source: &str, needle: &str, from: usize) -> Self {
        match find_from(source, needle, from) {
            Some(offset) => {
                let width = needle.chars().count();
                self.at_offset(source, offset, width)
            }
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

/// Byte offset of `needle` in `source` at or after `from`.
pub fn find_from(source: &str, needle: &str, from: usize) -> Option<usize> {
    let from = from.min(source.len());
    let start = (from..=source.len()).find(|i| source.is_char_boundary(*i))?;
    source[start..].find(needle).map(|i| i + start)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        writeln!(f, "{level}: {}", self.message)?;
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(
            f,
            "{pad}--> {}:{}:{}",
            self.file.display(),
            self.line,
            self.column
        )?;
        if let Some(snippet) = &self.snippet {
            let shown: String = snippet.chars().take(160).collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, shown)?;
            let lead: String = shown
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {lead}{}", "^".repeat(self.width.min(80)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{pad} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Words longer than this are never typos of a word in a list (and comparing them would cost
/// time quadratic in their length).
const MAX_TYPO_LENGTH: usize = 120;

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    if length > MAX_TYPO_LENGTH {
        return None;
    }
    let limit = (length / 3).max(2);
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Text from content, cut to a length a message can show: "a very long na…".
pub fn shorten(text: &str) -> String {
    const SHOWN: usize = 60;
    if text.chars().count() <= SHOWN {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(SHOWN).collect();
    cut.push('…');
    cut
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_snippet_and_hint() {
        let source = "Scenario(\n    id: 12,\n)";
        let d = Diagnostic::error(Path::new("a.scenario.ron"), "expected a string")
            .at(source, 2, 9, 2)
            .with_hint("ids are quoted");
        let text = d.to_string();
        assert!(text.contains("--> a.scenario.ron:2:9"), "{text}");
        assert!(text.contains("2 |     id: 12,"), "{text}");
        assert!(text.contains("|         ^^"), "{text}");
        assert!(text.contains("= hint: ids are quoted"), "{text}");
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let source = "ab\ncdé\nf";
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, 3), (2, 1));
        assert_eq!(line_column(source, 7), (2, 4));
        assert_eq!(line_column(source, source.len()), (3, 2));
    }

    #[test]
    fn long_words_are_shortened_and_never_compared() {
        let long = "x".repeat(4 * 1024 * 1024);
        assert_eq!(did_you_mean(&long, ["ring_seconds"]), None);
        assert_eq!(shorten(&long).chars().count(), 61);
        assert_eq!(shorten("short"), "short");
    }

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["TRI-01", "TRI-09", "PH-01"];
        assert_eq!(did_you_mean("TRI-9", ids), Some("TRI-09"));
        assert_eq!(did_you_mean("BILLING-77", ids), None);
    }
}
