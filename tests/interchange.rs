//! Quiz import and bank export: every construct of each format on fixtures written from the formats'
//! documentation (tests/fixtures/interchange/), damaged input reported where it is, and round trips.

use std::path::{Path, PathBuf};

use dossier::bank::raw::RawAnswer;
use dossier::bank::validate::load_bank_str;
use dossier::interchange::export::{ExportFormat, export};
use dossier::interchange::{self, AssembleOptions, Import, ImportOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interchange")
        .join(name)
}

fn import(name: &str) -> Import {
    interchange::import_file(&fixture(name), &ImportOptions::default())
        .expect("fixture is readable")
}

/// (line, column, is_error) of every diagnostic.
fn problems(import: &Import) -> Vec<(usize, usize, bool)> {
    import
        .diagnostics
        .iter()
        .map(|d| (d.line(), d.column(), d.is_error()))
        .collect()
}

fn answer<'a>(import: &'a Import, name: &str) -> &'a RawAnswer {
    &import
        .questions
        .iter()
        .find(|q| q.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("question {name} imported"))
        .question
        .answer
}

fn bundled() -> dossier::bank::Bank {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron");
    dossier::bank::validate::load_bank_file(&path).expect("bundled bank is valid")
}

#[test]
fn every_gift_construct_imports_as_its_kind() {
    let gift = import("every-construct.gift");
    assert_eq!(gift.found, 21);
    assert_eq!(gift.questions.len(), 20, "{}", gift.summary());
    assert!(
        matches!(answer(&gift, "capital"), RawAnswer::Choice { correct, wrong } if correct == &["Lisbon"] && wrong.len() == 2)
    );
    assert_eq!(
        answer(&gift, "longest-river"),
        &RawAnswer::TrueFalse { answer: true }
    );
    assert_eq!(
        answer(&gift, "rhine-source"),
        &RawAnswer::TrueFalse { answer: false }
    );
    assert!(
        matches!(answer(&gift, "seas-multi"), RawAnswer::Choice { correct, wrong } if correct == &["Baltic", "Adriatic"] && wrong == &["Danube"])
    );
    assert!(
        matches!(answer(&gift, "typed-answer"), RawAnswer::Typed { accept } if accept == &["Danube", "the Danube"])
    );
    assert!(
        matches!(answer(&gift, "pairs"), RawAnswer::Matching { pairs } if pairs.len() == 3 && pairs[1] == ("Tagus".to_owned(), "Portugal".to_owned()))
    );
    assert!(
        matches!(answer(&gift, "tolerance"), RawAnswer::Numeric { accept } if accept[0].value == Some(1230.0) && accept[0].tolerance == Some(50.0))
    );
    assert!(
        matches!(answer(&gift, "range"), RawAnswer::Numeric { accept } if accept[0].min == Some(1.5) && accept[0].max == Some(2.5))
    );
    assert!(
        matches!(answer(&gift, "several-numbers"), RawAnswer::Numeric { accept } if accept.len() == 2 && accept[1].credit == 50)
    );
    assert!(matches!(
        answer(&gift, "essay"),
        RawAnswer::Flashcard { .. }
    ));
    assert!(
        matches!(answer(&gift, "essay-fb"), RawAnswer::Flashcard { back } if back.starts_with("It fans out"))
    );
    let cloze = gift
        .questions
        .iter()
        .find(|q| matches!(&q.question.answer, RawAnswer::Cloze { .. }))
        .expect("a cloze");
    assert_eq!(
        cloze.question.answer,
        RawAnswer::Cloze {
            text: "The Seine flows through {Paris|paris} before reaching the sea.".to_owned()
        }
    );
    let missing = gift
        .questions
        .iter()
        .find(|q| q.question.prompt.contains("_____"))
        .expect("missing word choice");
    assert_eq!(
        missing.question.prompt,
        "The Thames flows through _____ on its way east."
    );
}

#[test]
fn gift_feedback_titles_categories_formats_and_escapes_are_read() {
    let gift = import("every-construct.gift");
    let by_name = |n: &str| {
        gift.questions
            .iter()
            .find(|q| q.name.as_deref() == Some(n))
            .expect("imported")
    };
    let capital = by_name("capital");
    assert!(
        capital
            .question
            .explanation
            .starts_with("Lisbon has been the capital since 1255.")
    );
    assert!(
        capital
            .question
            .explanation
            .contains("“Coimbra”: Coimbra was the capital until 1255.")
    );
    assert_eq!(
        by_name("rhine-source").question.explanation,
        "Right: it rises in Switzerland."
    );
    assert_eq!(capital.category.as_deref(), Some("Rivers"));
    assert_eq!(by_name("year").category.as_deref(), Some("Numbers"));
    assert_eq!(
        by_name("html-question").question.prompt,
        "Which is the deepest lake?"
    );
    assert_eq!(by_name("html-title").question.prompt, "Is water wet?");
    let escapes = by_name("escapes");
    assert_eq!(
        escapes.question.prompt,
        "Which characters need escaping in GIFT: ~ = # { } and \\?"
    );
    assert!(
        matches!(&escapes.question.answer, RawAnswer::Choice { correct, .. } if correct == &["all of them: ~ = # { } \\"])
    );
    let line_break = gift
        .questions
        .iter()
        .find(|q| q.question.prompt.starts_with("A line"))
        .expect("imported");
    assert_eq!(line_break.question.prompt, "A line\nbreak question?");
}

#[test]
fn gift_losses_are_warned_where_they_are_and_the_description_is_skipped() {
    let gift = import("every-construct.gift");
    assert_eq!(
        problems(&gift),
        vec![
            (16, 50, false),
            (18, 65, false),
            (45, 47, false),
            (59, 1, true)
        ]
    );
    assert!(gift.diagnostics[3].message.contains("no answer block"));
}

#[test]
fn damaged_gift_is_reported_where_it_is_and_the_rest_imports() {
    let gift = import("damaged.gift");
    let names: Vec<_> = gift
        .questions
        .iter()
        .filter_map(|q| q.name.as_deref())
        .collect();
    assert_eq!(names, ["ok-1", "ok-2", "ok-3"]);
    assert_eq!(gift.found, 8);
    assert_eq!(
        problems(&gift),
        vec![
            (3, 44, true),
            (7, 35, true),
            (9, 22, true),
            (11, 27, true),
            (13, 30, true)
        ]
    );
    assert!(gift.diagnostics[0].message.contains("never closed"));
    assert!(gift.summary().ends_with("imported 3 of 8 questions"));
}

#[test]
fn aiken_reads_both_option_styles_and_multi_line_questions() {
    let aiken = import("questions.aiken.txt");
    assert_eq!((aiken.questions.len(), aiken.found), (3, 5));
    assert_eq!(
        aiken.questions[1].question.prompt,
        "Which gas do plants take in to make sugar?"
    );
    assert!(
        matches!(&aiken.questions[1].question.answer, RawAnswer::Choice { correct, .. } if correct == &["Carbon dioxide"])
    );
    assert_eq!(problems(&aiken), vec![(16, 9, true), (18, 1, true)]);
}

#[test]
fn byte_order_mark_crlf_and_windows_1252_are_read() {
    let aiken = import("bom-crlf.aiken.txt");
    assert_eq!(aiken.questions[0].question.prompt, "What is 2 + 2?");
    assert_eq!(problems(&aiken), vec![(6, 1, true)]);
    let latin = import("latin1.aiken.txt");
    assert!(
        matches!(&latin.questions[0].question.answer, RawAnswer::Choice { correct, .. } if correct == &["café"])
    );
    assert_eq!(problems(&latin), vec![(2, 7, false)]);
}

#[test]
fn moodle_xml_question_types_map_and_unknown_ones_are_said() {
    let xml = import("quiz.moodle.xml");
    assert_eq!((xml.questions.len(), xml.found), (8, 10));
    assert!(
        matches!(answer(&xml, "closest-planet"), RawAnswer::Choice { correct, wrong } if correct == &["Mercury"] && wrong.contains(&"Earth & Moon".to_owned()))
    );
    let closest = xml
        .questions
        .iter()
        .find(|q| q.name.as_deref() == Some("closest-planet"))
        .expect("imported");
    assert_eq!(
        closest.question.prompt,
        "Which planet is closest to the Sun?"
    );
    assert_eq!(closest.category.as_deref(), Some("Science/Space"));
    assert!(
        matches!(answer(&xml, "gas-giants"), RawAnswer::Choice { correct, .. } if correct.len() == 2)
    );
    assert_eq!(
        answer(&xml, "sun-star"),
        &RawAnswer::TrueFalse { answer: true }
    );
    assert!(
        matches!(answer(&xml, "red-planet"), RawAnswer::Typed { accept } if accept == &["Mars"])
    );
    assert!(matches!(answer(&xml, "moons"), RawAnswer::Matching { pairs } if pairs.len() == 2));
    assert!(
        matches!(answer(&xml, "light-minutes"), RawAnswer::Numeric { accept } if accept.len() == 2)
    );
    assert!(
        matches!(answer(&xml, "why-orbit"), RawAnswer::Flashcard { back } if back.starts_with("Gravity"))
    );
    assert_eq!(
        answer(&xml, "cloze-orbit"),
        &RawAnswer::Cloze {
            text: "The Earth orbits the {Sun|sun} once a {year}.".to_owned()
        }
    );
    let errors: Vec<_> = problems(&xml).into_iter().filter(|p| p.2).collect();
    assert_eq!(errors, vec![(53, 3, true), (61, 3, true)]);
}

#[test]
fn broken_moodle_xml_is_reported_and_reading_resumes_at_the_next_question() {
    let xml = import("broken.moodle.xml");
    let names: Vec<_> = xml
        .questions
        .iter()
        .filter_map(|q| q.name.as_deref())
        .collect();
    assert_eq!(names, ["first", "third"]);
    assert_eq!(problems(&xml), vec![(11, 52, true)]);
    assert_eq!(
        answer(&xml, "third"),
        &RawAnswer::TrueFalse { answer: false }
    );
}

#[test]
fn anki_notes_headers_quotes_cloze_and_images_are_read() {
    let anki = import("notes.anki.txt");
    assert_eq!((anki.questions.len(), anki.found), (4, 5));
    let first = &anki.questions[0];
    assert_eq!(first.question.prompt, "Which planet has rings?");
    assert_eq!(
        first.question.answer,
        RawAnswer::Flashcard {
            back: "Saturn\nand others".to_owned()
        }
    );
    assert_eq!(first.category.as_deref(), Some("Space::Planets"));
    assert_eq!(first.question.tags, ["planets", "rings"]);
    assert_eq!(
        anki.questions[1].question.answer,
        RawAnswer::Cloze {
            text: "The {Moon} orbits the {Earth}.".to_owned()
        }
    );
    assert_eq!(anki.questions[1].question.explanation, "Nearest body");
    assert_eq!(
        anki.questions[2].question.prompt,
        "A \"quoted\"\nmulti-line front"
    );
    assert_eq!(problems(&anki), vec![(11, 1, false), (12, 1, true)]);
}

#[test]
fn anki_cards_export_and_typed_option_are_read() {
    let cards = import("cards.anki.txt");
    assert_eq!(cards.questions[1].question.prompt, "The largest planet?");
    let typed = interchange::import_file(
        &fixture("cards.anki.txt"),
        &ImportOptions {
            typed: true,
            ..ImportOptions::default()
        },
    )
    .expect("readable");
    assert_eq!(
        typed.questions[0].question.answer,
        RawAnswer::Typed {
            accept: vec!["Paris".to_owned()]
        }
    );
}

#[test]
fn csv_terms_with_header_quotes_and_a_chosen_separator_are_read() {
    let csv = import("terms.csv");
    assert_eq!((csv.questions.len(), csv.found), (2, 3));
    assert!(
        matches!(&csv.questions[0].question.answer, RawAnswer::Flashcard { back } if back.contains("star, planet or moon"))
    );
    assert_eq!(problems(&csv), vec![(4, 1, true)]);
    let semi = interchange::import_file(
        &fixture("terms-semicolon.txt"),
        &ImportOptions {
            separator: Some(b';'),
            ..ImportOptions::default()
        },
    )
    .expect("readable");
    assert_eq!(semi.questions.len(), 2);
}

#[test]
fn imported_banks_pass_check_with_and_without_an_article() {
    let imports = vec![
        import("every-construct.gift"),
        import("quiz.moodle.xml"),
        import("notes.anki.txt"),
    ];
    let assembled = interchange::assemble(&imports, &AssembleOptions::default());
    let text = interchange::assemble::to_ron(&assembled.bank).expect("serialises");
    let bank = load_bank_str(&text, Path::new("imported.ron")).expect("passes check");
    assert_eq!(bank.questions.len(), 32);
    assert!(!bank.has_article());
    let article = "Rivers of Europe\n\nThe Danube flows through Vienna and ten countries on its way to the Black Sea.\n\nThe Rhine rises in Switzerland and reaches the sea in the Netherlands.\n\nSpace\n\nMercury is the planet closest to the Sun; Saturn has rings.\n";
    let passages = interchange::assemble::text_passages(article);
    assert_eq!(passages.len(), 3);
    assert_eq!(passages[2].section, "Space");
    let assembled = interchange::assemble(
        &imports,
        &AssembleOptions {
            passages,
            ..AssembleOptions::default()
        },
    );
    let text = interchange::assemble::to_ron(&assembled.bank).expect("serialises");
    let bank =
        load_bank_str(&text, Path::new("imported.ron")).expect("passes check with an article");
    let vienna = bank
        .questions
        .iter()
        .find(|q| q.prompt.contains("Vienna"))
        .expect("imported");
    assert_eq!(vienna.passage, "rivers-of-europe-1");
    assert!(assembled.weak_links > 0 && assembled.weak_links < bank.questions.len());
    assert!(
        bank.questions.iter().any(|q| q.review),
        "weak links are marked for review"
    );
}

#[test]
fn exports_of_the_bundled_bank_are_well_formed() {
    let bank = bundled();
    for format in ExportFormat::ALL {
        let exported = export(&bank, format);
        assert!(!exported.bytes.is_empty(), "{format:?} wrote something");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&export(&bank, ExportFormat::Json).bytes).expect("valid JSON");
    assert_eq!(
        json["questions"].as_array().map(Vec::len),
        Some(bank.questions.len())
    );
    let html = String::from_utf8(export(&bank, ExportFormat::Html).bytes).expect("utf-8");
    assert!(html.contains("Answer key") && html.contains("page-break-before: always"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the worksheet needs no network"
    );
}

#[test]
fn gift_export_of_the_bundled_bank_imports_again_in_full() {
    let bank = bundled();
    let gift = export(&bank, ExportFormat::Gift);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bank.gift");
    std::fs::write(&path, &gift.bytes).expect("written");
    let again = interchange::import_file(&path, &ImportOptions::default()).expect("readable");
    assert_eq!(
        again.questions.len(),
        bank.questions.len(),
        "{:?}",
        again
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    assert!(again.diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn anki_export_of_the_bundled_bank_imports_again_in_full() {
    let bank = bundled();
    let anki = export(&bank, ExportFormat::Anki);
    let text = String::from_utf8(anki.bytes).expect("utf-8");
    assert!(text.starts_with("#separator:tab\n#html:true\n"));
    let again = interchange::import_str(
        Path::new("bank.txt"),
        text.into(),
        &ImportOptions::default(),
    );
    assert_eq!(again.questions.len(), bank.questions.len());
    assert!(
        again
            .questions
            .iter()
            .all(|q| q.category.as_deref() == Some(bank.title.as_str()))
    );
}

#[test]
fn numeric_answers_are_graded_with_tolerance_ranges_and_credit() {
    use dossier::study::grade::{Outcome, Response, grade};
    let gift = import("every-construct.gift");
    let assembled = interchange::assemble(&[gift], &AssembleOptions::default());
    let text = interchange::assemble::to_ron(&assembled.bank).expect("serialises");
    let bank = load_bank_str(&text, Path::new("imported.ron")).expect("valid");
    let q = |id: &str| {
        bank.question(&dossier::QuestionId(id.to_owned()))
            .expect("question")
    };
    let typed = |s: &str| Response::Typed(s.to_owned());
    assert_eq!(
        grade(q("tolerance"), &typed("1 270")).outcome,
        Outcome::Correct
    );
    assert_eq!(
        grade(q("tolerance"), &typed("1300")).outcome,
        Outcome::Wrong
    );
    assert_eq!(grade(q("range"), &typed("2,25")).outcome, Outcome::Correct);
    let close = grade(q("several-numbers"), &typed("1649"));
    assert_eq!((close.outcome, close.score), (Outcome::Partial, 0.5));
    assert_eq!(
        grade(q("several-numbers"), &typed("sixteen")).outcome,
        Outcome::Wrong
    );
    assert_eq!(grade(q("year"), &typed("1989")).expected, "1989");
}

/// Reads XML to the end with quick-xml, failing on any well-formedness error.
fn assert_well_formed(name: &str, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed at byte {}: {e}",
                reader.error_position()
            ),
        }
    }
}

#[test]
fn moodle_xml_export_is_well_formed_and_imports_again_in_full() {
    let bank = bundled();
    let xml = String::from_utf8(export(&bank, ExportFormat::MoodleXml).bytes).expect("utf-8");
    assert_well_formed("moodle xml", &xml);
    let again =
        interchange::import_str(Path::new("bank.xml"), xml.into(), &ImportOptions::default());
    assert_eq!(
        again.questions.len(),
        bank.questions.len(),
        "{:?}",
        again
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
}

#[test]
fn qti_package_manifest_lists_every_item_and_every_item_is_well_formed() {
    let bank = bundled();
    let zip = export(&bank, ExportFormat::Qti).bytes;
    assert_eq!(&zip[..2], b"PK", "a zip file");
    let items = dossier::interchange::export::qti::item_files(&bank);
    assert_eq!(items.len(), bank.questions.len());
    for (name, text) in &items {
        assert_well_formed(name, text);
    }
    assert!(
        items.iter().any(|(_, t)| t.contains("<hottextInteraction")),
        "evidence as hottext"
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a readable zip");
    let mut manifest = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("imsmanifest.xml").expect("a manifest"),
        &mut manifest,
    )
    .expect("utf-8");
    assert_well_formed("manifest", &manifest);
    for (name, _) in &items {
        assert!(
            manifest.contains(&format!("href=\"{name}\"")),
            "the manifest lists {name}"
        );
        assert!(archive.by_name(name).is_ok(), "the package holds {name}");
    }
}

mod round_trip {
    use super::*;
    use dossier::bank::Answer;
    use proptest::prelude::*;

    fn word() -> impl Strategy<Value = String> {
        // Letters plus GIFT's special characters, so every escape is exercised.
        // Runs of spaces are line wrapping to GIFT, so words are separated by one space.
        proptest::string::string_regex("[A-Za-z][A-Za-z ~=#:{}\\\\]{0,12}[A-Za-z]")
            .expect("regex")
            .prop_map(|w| {
                w.split(' ')
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
    }

    fn bank_text(prompt: &str, answer: &str, explanation: &str) -> String {
        format!(
            "Bank(id: \"p\", title: \"P\", source: \"s\", derived_questions: false, questions: [Question(id: \"q\", prompt: {prompt:?}, explanation: {explanation:?}, answer: {answer})])"
        )
    }

    fn answer_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            (word(), proptest::collection::vec(word(), 1..4))
                .prop_map(|(c, w)| format!("Choice(correct: [{c:?}], wrong: {w:?})")),
            any::<bool>().prop_map(|b| format!("TrueFalse(answer: {b})")),
            proptest::collection::vec(word(), 1..3).prop_map(|a| format!("Typed(accept: {a:?})")),
            proptest::collection::vec((word(), word()), 2..4).prop_map(|p| {
                let pairs: Vec<String> = p
                    .iter()
                    .enumerate()
                    .map(|(i, (l, r))| {
                        format!("({:?}, {:?})", format!("{l}{i}"), format!("{r}{i}"))
                    })
                    .collect();
                format!("Matching(pairs: [{}])", pairs.join(", "))
            }),
            word().prop_map(|b| format!("Flashcard(back: {b:?})")),
            (-1000i32..1000, 0u8..20)
                .prop_map(|(v, t)| format!("Numeric(accept: [(value: {v}, tolerance: {t})])")),
        ]
    }

    fn same(a: &Answer, b: &Answer) -> bool {
        let sorted = |o: &[String], c: &[bool]| {
            let mut v: Vec<(String, bool)> = o.iter().cloned().zip(c.iter().copied()).collect();
            v.sort();
            v
        };
        match (a, b) {
            (
                Answer::Choice { options, correct },
                Answer::Choice {
                    options: o2,
                    correct: c2,
                },
            ) => sorted(options, correct) == sorted(o2, c2),
            (Answer::Numeric { accept }, Answer::Numeric { accept: a2 }) => {
                accept.len() == a2.len()
                    && accept
                        .iter()
                        .zip(a2)
                        .all(|(x, y)| x.min == y.min && x.max == y.max)
            }
            _ => a == b,
        }
    }

    fn round_trip(
        format: ExportFormat,
        file: &str,
        answer: &str,
        prompt: &str,
        explanation: &str,
    ) -> Result<(), TestCaseError> {
        let Ok(bank) = load_bank_str(&bank_text(prompt, answer, explanation), Path::new("p.ron"))
        else {
            return Ok(()); // e.g. an option listed twice: not a bank to export
        };
        let bytes = export(&bank, format).bytes;
        let text = String::from_utf8(bytes).expect("utf-8");
        let again =
            interchange::import_str(Path::new(file), text.into(), &ImportOptions::default());
        prop_assert_eq!(
            again.questions.len(),
            1,
            "{:?}",
            again
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        );
        let assembled = interchange::assemble(&[again], &AssembleOptions::default());
        let ron = interchange::assemble::to_ron(&assembled.bank).expect("serialises");
        let back = load_bank_str(&ron, Path::new("again.ron")).expect("valid");
        let (q, r) = (&bank.questions[0], &back.questions[0]);
        prop_assert_eq!(q.answer.kind(), r.answer.kind());
        prop_assert!(
            same(&q.answer, &r.answer),
            "{:?} became {:?}",
            q.answer,
            r.answer
        );
        if format != ExportFormat::Anki {
            prop_assert_eq!(&q.prompt, &r.prompt);
        }
        if !matches!(q.answer, Answer::Flashcard { .. }) && format != ExportFormat::Anki {
            prop_assert_eq!(&q.explanation, &r.explanation);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn gift_keeps_kind_prompt_answers_and_feedback(answer in answer_strategy(), prompt in word(), explanation in word()) {
            round_trip(ExportFormat::Gift, "x.gift", &answer, &prompt, &explanation)?;
        }

        #[test]
        fn moodle_xml_keeps_kind_prompt_answers_and_feedback(answer in answer_strategy(), prompt in word(), explanation in word()) {
            round_trip(ExportFormat::MoodleXml, "x.xml", &answer, &prompt, &explanation)?;
        }

        /// Anki carries flashcards (Basic notes) and clozes; other kinds become Basic notes by design.
        #[test]
        fn anki_keeps_flashcards_and_clozes(front in word(), back in word(), before in word(), gap in word(), after in word()) {
            round_trip(ExportFormat::Anki, "x.txt", &format!("Flashcard(back: {back:?})"), &front, "")?;
            // `::` inside a deletion is Anki's hint separator, so it cannot be part of an answer.
            let cloze = format!("{before} {{{}}} {after}", gap.replace(['{', '}', '|'], "x").replace("::", ":x"));
            if !before.contains(['{', '}']) && !after.contains(['{', '}']) {
                round_trip(ExportFormat::Anki, "x.txt", &format!("Cloze(text: {cloze:?})"), "Fill in the gaps.", "")?;
            }
        }
    }
}
