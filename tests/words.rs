//! The vocabulary documents itself: `frontdesk words` prints every closed word list with a
//! meaning for every word, docs/SCENARIO_FORMAT.md keeps exactly what `words --markdown`
//! prints, and every word the shipped content is written with is in the lists.

use frontdesk::model::*;
use frontdesk::rules::{
    ActClause, Clause, Condition, Invariant, Limit, Scope, Since, TimeLimit, Trigger,
};
use frontdesk::scenario::{Effect, EquipmentKind, EquipmentStatus, PatientFlag, PlanKind, When};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

fn frontdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FRONTDESK_CONTENT")
        .output()
        .expect("the frontdesk binary runs")
}

fn stdout_of(args: &[&str]) -> String {
    let output = frontdesk(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "frontdesk {args:?}: {stderr}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// `frontdesk words` read back: each list's name and its words with their meanings.
fn printed_lists() -> BTreeMap<String, BTreeMap<String, String>> {
    let text = stdout_of(&["words"]);
    let mut lists = BTreeMap::new();
    for block in text.split("\n\n") {
        let mut lines = block.lines();
        let heading = lines.next().expect("a list's heading");
        let name = heading.split(':').next().expect("a list name").to_owned();
        let mut words = BTreeMap::new();
        for line in lines.filter(|l| l.starts_with("    ")) {
            let line = line.trim_start();
            let (word, meaning) = line.split_once("  ").unwrap_or((line, ""));
            words.insert(word.to_owned(), meaning.trim().to_owned());
        }
        lists.insert(name, words);
    }
    lists
}

/// The names serde knows for an enum's variants or a struct's fields: what RON accepts. Read
/// from the type's `Deserialize`, so a variant added to the enum shows up here by itself.
fn serde_names<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
    use serde::de::{self, Visitor};
    struct Names(Vec<&'static str>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("names read")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for &mut Names {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = variants.to_vec();
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = fields.to_vec();
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
            identifier ignored_any
        }
    }
    let mut names = Names(Vec::new());
    let _ = T::deserialize(&mut names);
    assert!(
        !names.0.is_empty(),
        "{} declares no names",
        std::any::type_name::<T>()
    );
    names.0
}

#[test]
fn every_word_of_every_list_is_printed_with_a_meaning() {
    let printed = printed_lists();
    let expected: Vec<(&str, Vec<&'static str>)> = vec![
        ("Domain", serde_names::<Domain>()),
        ("Severity", serde_names::<Severity>()),
        ("Setting", serde_names::<Setting>()),
        ("Difficulty", serde_names::<Difficulty>()),
        ("Family", serde_names::<Family>()),
        ("VisitType", serde_names::<VisitType>()),
        ("ProviderRole", serde_names::<ProviderRole>()),
        ("EventKind", serde_names::<EventKind>()),
        ("Fact", serde_names::<Fact>()),
        (
            "World facts",
            Fact::WORLD.iter().map(|f| f.name()).collect(),
        ),
        ("ActKind", serde_names::<ActKind>()),
        ("Detail", serde_names::<Detail>()),
        ("Mood", serde_names::<Mood>()),
        ("Mishap", serde_names::<Mishap>()),
        ("PatientFlag", serde_names::<PatientFlag>()),
        ("PlanKind", serde_names::<PlanKind>()),
        ("EquipmentKind", serde_names::<EquipmentKind>()),
        ("EquipmentStatus", serde_names::<EquipmentStatus>()),
        ("Trigger", serde_names::<Trigger>()),
        ("Condition", serde_names::<Condition>()),
        ("Clause", serde_names::<Clause>()),
        ("Act clause fields", serde_names::<ActClause>()),
        ("TimeLimit", serde_names::<TimeLimit>()),
        ("Since", serde_names::<Since>()),
        ("Scope", serde_names::<Scope>()),
        ("Invariant", serde_names::<Invariant>()),
        ("Limit", serde_names::<Limit>()),
        ("When", serde_names::<When>()),
        ("Effect", serde_names::<Effect>()),
    ];
    for (list, names) in &expected {
        let words = printed
            .get(*list)
            .unwrap_or_else(|| panic!("`frontdesk words` prints no list `{list}`"));
        let printed_names: BTreeSet<&str> = words.keys().map(String::as_str).collect();
        let declared: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(
            printed_names, declared,
            "list `{list}`: the words printed differ from the words declared"
        );
        for (word, meaning) in words {
            assert!(!meaning.is_empty(), "`{list}` word `{word}` has no meaning");
        }
    }
    let params = &printed["PolicyParam"];
    for param in PolicyParam::ALL {
        let meaning = &params[&format!("\"{}\"", param.name())];
        assert!(meaning.contains(param.meaning()), "{meaning}");
        match param.default_value() {
            Some(value) => assert!(meaning.contains(&format!("[{value} ")), "{meaning}"),
            None => assert!(meaning.contains("[no default"), "{meaning}"),
        }
    }
    // Labels are printed beside meanings, and unchanged: debriefs print them.
    assert!(
        printed["ActKind"]["AdviseEmergency"].contains("«advise calling 911»"),
        "{:?}",
        printed["ActKind"]["AdviseEmergency"]
    );
}

#[test]
fn one_list_can_be_asked_for_and_an_unknown_one_is_a_clean_error() {
    let one = stdout_of(&["words", "actkind"]);
    assert!(one.starts_with("ActKind: what the trainee can do"), "{one}");
    assert!(!one.contains("\nFact:"), "{one}");
    let output = frontdesk(&["words", "Facts"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("did you mean `Fact`?"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn docs_word_lists_are_generated_by_words_markdown() {
    let generated = stdout_of(&["words", "--markdown"]);
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/SCENARIO_FORMAT.md"),
    )
    .expect("docs/SCENARIO_FORMAT.md");
    const START: &str = "<!-- words:start -->\n";
    const END: &str = "<!-- words:end -->";
    let start = doc.find(START).expect("the words:start marker") + START.len();
    let end = doc.find(END).expect("the words:end marker");
    assert_eq!(
        &doc[start..end],
        generated,
        "regenerate the text between the markers with `frontdesk words --markdown`"
    );
}

/// Every capitalised word written in a RON file, outside strings and comments.
fn capitalised_words(text: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    let mut chars = text.chars().peekable();
    let mut word = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                word.push(c);
                continue;
            }
            _ => {}
        }
        if word.starts_with(|c: char| c.is_ascii_uppercase()) {
            words.insert(std::mem::take(&mut word));
        }
        word.clear();
    }
    words
}

#[test]
fn every_word_the_shipped_content_uses_is_in_the_lists() {
    let printed = printed_lists();
    let known: BTreeSet<&str> = printed
        .values()
        .flat_map(|words| words.keys().map(String::as_str))
        .collect();
    // The names of the files' own structures, and the values section 4 of the format describes
    // (days, ages, durations, weekdays, holidays): not word lists.
    let structures = [
        "Scenario",
        "RulePack",
        "Rule",
        "Policy",
        "Office",
        "QuestionSet",
        "Question",
        "ExamProfile",
        "Some",
        "None",
        "Today",
        "DaysAgo",
        "DaysAhead",
        "BusinessDaysAhead",
        "Years",
        "Months",
        "Days",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Fixed",
        "Nth",
        "Last",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = vec![root];
    let mut unknown = BTreeMap::new();
    let mut params_used = BTreeSet::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).expect("a content folder");
            files.extend(entries.map(|e| e.expect("a folder entry").path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a content file");
        for word in capitalised_words(&text) {
            if !known.contains(word.as_str()) && !structures.contains(&word.as_str()) {
                unknown.insert(word, path.display().to_string());
            }
        }
        if path.to_string_lossy().ends_with(".policy.ron") {
            // The keys of `values`: a quoted name followed by a colon.
            for (i, _) in text.match_indices("\":") {
                let key = &text[..=i];
                let open = key[..key.len() - 1].rfind('"').expect("an opening quote");
                params_used.insert(key[open..].to_owned());
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "words the content uses that `frontdesk words` does not list: {unknown:?}"
    );
    assert!(!params_used.is_empty(), "the policies set some values");
    for key in params_used {
        assert!(
            printed["PolicyParam"].contains_key(&key),
            "policy value {key} is not in the list `PolicyParam`"
        );
    }
}
