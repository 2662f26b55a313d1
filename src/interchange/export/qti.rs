//! IMS QTI 2.1 content package (a zip) for Canvas, Blackboard and other LMSs: `imsmanifest.xml`
//! listing one `assessmentItem` file per question. Choice, true/false → `choiceInteraction`; typed and
//! numeric → `textEntryInteraction` (numbers with tolerance or range); cloze → one text entry per
//! gap; matching → `matchInteraction`; ordering → `orderInteraction`; flashcard →
//! `extendedTextInteraction` with the back as a scorer's rubric; evidence → `hottextInteraction`
//! over the passage's sentences.

use std::fmt::Write as _;
use std::io::Write as _;

use super::Exported;
use super::moodle_xml::xml;
use crate::bank::{Answer, Bank, ClozeSegment, Question};

const NS: &str = "xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd\"";
const MATCH_CORRECT: &str = "<responseProcessing template=\"http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct\"/>";
const MAP_RESPONSE: &str = "<responseProcessing template=\"http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response\"/>";
const SCORE: &str = "<outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>";

/// A valid XML identifier for the k-th question.
pub fn item_identifier(k: usize, question: &Question) -> String {
    let clean: String = question
        .id
        .0
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("Q{:04}_{clean}", k + 1)
}

/// The zip package: manifest and items.
pub fn write(bank: &Bank) -> Exported {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut resources = String::new();
    for (k, q) in bank.questions.iter().enumerate() {
        let id = item_identifier(k, q);
        let href = format!("items/{id}.xml");
        let _ = writeln!(
            resources,
            "    <resource identifier=\"RES_{id}\" type=\"imsqti_item_xmlv2p1\" href=\"{href}\"><file href=\"{href}\"/></resource>"
        );
        files.push((href, item(&id, q)));
    }
    let manifest = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" identifier=\"MANIFEST_{}\">\n  <metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion></metadata>\n  <organizations/>\n  <resources>\n{resources}  </resources>\n</manifest>\n",
        xml(&bank.id.0.replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut ok = zip.start_file("imsmanifest.xml", options).is_ok()
        && zip.write_all(manifest.as_bytes()).is_ok();
    for (name, text) in &files {
        ok &= zip.start_file(name.as_str(), options).is_ok()
            && zip.write_all(text.as_bytes()).is_ok();
    }
    let bytes = zip.finish().map(|c| c.into_inner()).unwrap_or_default();
    let notes = if ok {
        Vec::new()
    } else {
        vec!["the package could not be written completely".to_owned()]
    };
    Exported { bytes, notes }
}

/// The manifest and item files of a package, for checks.
pub fn item_files(bank: &Bank) -> Vec<(String, String)> {
    bank.questions
        .iter()
        .enumerate()
        .map(|(k, q)| {
            let id = item_identifier(k, q);
            (format!("items/{id}.xml"), item(&id, q))
        })
        .collect()
}

fn item(id: &str, q: &Question) -> String {
    let prompt = format!("<prompt>{}</prompt>", xml(&q.prompt));
    let (declarations, body, processing): (String, String, String) = match &q.answer {
        Answer::Choice { options, correct } => {
            let multi = correct.iter().filter(|c| **c).count() > 1;
            let values: String = correct.iter().enumerate().filter(|(_, c)| **c).map(|(i, _)| format!("<value>C{i}</value>")).collect();
            let choices: String = options.iter().enumerate().map(|(i, o)| format!("<simpleChoice identifier=\"C{i}\">{}</simpleChoice>", xml(o))).collect();
            (
                format!("<responseDeclaration identifier=\"RESPONSE\" cardinality=\"{}\" baseType=\"identifier\"><correctResponse>{values}</correctResponse></responseDeclaration>", if multi { "multiple" } else { "single" }),
                format!("<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\" maxChoices=\"{}\">{prompt}{choices}</choiceInteraction>", if multi { 0 } else { 1 }),
                MATCH_CORRECT.to_owned(),
            )
        }
        Answer::TwoPart { options, correct, sentences, correct_sentence, .. } => {
            let values: String = correct.iter().enumerate().filter(|(_, c)| **c).map(|(i, _)| format!("<value>C{i}</value>")).collect();
            let choices: String = options.iter().enumerate().map(|(i, o)| format!("<simpleChoice identifier=\"C{i}\">{}</simpleChoice>", xml(o))).collect();
            let hot: String = sentences.iter().enumerate().map(|(i, s)| format!("<hottext identifier=\"S{i}\">{}</hottext> ", xml(s))).collect();
            // Linked scoring: Part A right is half, both right is full, Part B alone nothing.
            (
                format!("<responseDeclaration identifier=\"RESPONSE_A\" cardinality=\"single\" baseType=\"identifier\"><correctResponse>{values}</correctResponse></responseDeclaration><responseDeclaration identifier=\"RESPONSE_B\" cardinality=\"single\" baseType=\"identifier\"><correctResponse><value>S{correct_sentence}</value></correctResponse></responseDeclaration>"),
                format!("<choiceInteraction responseIdentifier=\"RESPONSE_A\" shuffle=\"true\" maxChoices=\"1\">{prompt}{choices}</choiceInteraction><hottextInteraction responseIdentifier=\"RESPONSE_B\" maxChoices=\"1\"><prompt>Part B: which sentence best supports your answer?</prompt><p>{hot}</p></hottextInteraction>"),
                "<responseProcessing><responseCondition><responseIf><and><match><variable identifier=\"RESPONSE_A\"/><correct identifier=\"RESPONSE_A\"/></match><match><variable identifier=\"RESPONSE_B\"/><correct identifier=\"RESPONSE_B\"/></match></and><setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">1</baseValue></setOutcomeValue></responseIf><responseElseIf><match><variable identifier=\"RESPONSE_A\"/><correct identifier=\"RESPONSE_A\"/></match><setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">0.5</baseValue></setOutcomeValue></responseElseIf></responseCondition></responseProcessing>".to_owned(),
            )
        }
        Answer::TrueFalse { answer } => (
            format!("<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\"><correctResponse><value>{}</value></correctResponse></responseDeclaration>", if *answer { "TRUE" } else { "FALSE" }),
            format!("<choiceInteraction responseIdentifier=\"RESPONSE\" shuffle=\"false\" maxChoices=\"1\">{prompt}<simpleChoice identifier=\"TRUE\">True</simpleChoice><simpleChoice identifier=\"FALSE\">False</simpleChoice></choiceInteraction>"),
            MATCH_CORRECT.to_owned(),
        ),
        Answer::Typed { accept } => (
            string_declaration("RESPONSE", accept),
            format!("<p>{}</p><p><textEntryInteraction responseIdentifier=\"RESPONSE\" expectedLength=\"30\"/></p>", xml(&q.prompt)),
            MAP_RESPONSE.to_owned(),
        ),
        Answer::Cloze { segments } => {
            let mut declarations = String::new();
            let mut text = String::new();
            let mut gaps = Vec::new();
            for segment in segments {
                match segment {
                    ClozeSegment::Text(t) => text.push_str(&xml(t)),
                    ClozeSegment::Gap { accept } => {
                        let r = format!("RESPONSE{}", gaps.len() + 1);
                        declarations.push_str(&string_declaration(&r, accept));
                        let _ = write!(text, "<textEntryInteraction responseIdentifier=\"{r}\" expectedLength=\"15\"/>");
                        gaps.push(r);
                    }
                }
            }
            let sum: String = gaps.iter().map(|r| format!("<mapResponse identifier=\"{r}\"/>")).collect();
            (
                declarations,
                format!("<p>{}</p><p>{text}</p>", xml(&q.prompt)),
                format!("<responseProcessing><setOutcomeValue identifier=\"SCORE\"><divide><sum>{sum}</sum><baseValue baseType=\"float\">{}</baseValue></divide></setOutcomeValue></responseProcessing>", gaps.len()),
            )
        }
        Answer::Matching { pairs } => {
            let values: String = (0..pairs.len()).map(|i| format!("<value>L{i} R{i}</value>")).collect();
            let entries: String = (0..pairs.len()).map(|i| format!("<mapEntry mapKey=\"L{i} R{i}\" mappedValue=\"1\"/>")).collect();
            let left: String = pairs.iter().enumerate().map(|(i, (l, _))| format!("<simpleAssociableChoice identifier=\"L{i}\" matchMax=\"1\">{}</simpleAssociableChoice>", xml(l))).collect();
            let right: String = pairs.iter().enumerate().map(|(i, (_, r))| format!("<simpleAssociableChoice identifier=\"R{i}\" matchMax=\"1\">{}</simpleAssociableChoice>", xml(r))).collect();
            (
                format!("<responseDeclaration identifier=\"RESPONSE\" cardinality=\"multiple\" baseType=\"directedPair\"><correctResponse>{values}</correctResponse><mapping defaultValue=\"0\" upperBound=\"{}\">{entries}</mapping></responseDeclaration>", pairs.len()),
                format!("<matchInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\" maxAssociations=\"{}\">{prompt}<simpleMatchSet>{left}</simpleMatchSet><simpleMatchSet>{right}</simpleMatchSet></matchInteraction>", pairs.len()),
                MAP_RESPONSE.to_owned(),
            )
        }
        Answer::Ordering { items } => {
            let values: String = (0..items.len()).map(|i| format!("<value>O{i}</value>")).collect();
            let choices: String = items.iter().enumerate().map(|(i, t)| format!("<simpleChoice identifier=\"O{i}\">{}</simpleChoice>", xml(t))).collect();
            (
                format!("<responseDeclaration identifier=\"RESPONSE\" cardinality=\"ordered\" baseType=\"identifier\"><correctResponse>{values}</correctResponse></responseDeclaration>"),
                format!("<orderInteraction responseIdentifier=\"RESPONSE\" shuffle=\"true\">{prompt}{choices}</orderInteraction>"),
                MATCH_CORRECT.to_owned(),
            )
        }
        Answer::Flashcard { back } => (
            "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"string\"/>".to_owned(),
            format!("<extendedTextInteraction responseIdentifier=\"RESPONSE\">{prompt}</extendedTextInteraction><rubricBlock view=\"scorer\"><p>{}</p></rubricBlock>", xml(back)),
            String::new(),
        ),
        Answer::Evidence { statement, contradicts, sentences, correct_sentence, .. } => {
            let which = if *contradicts { "contradicts" } else { "supports" };
            let hot: String = sentences.iter().enumerate().map(|(i, s)| format!("<hottext identifier=\"S{i}\">{}</hottext> ", xml(s))).collect();
            (
                format!("<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\"><correctResponse><value>S{correct_sentence}</value></correctResponse></responseDeclaration>"),
                format!("<hottextInteraction responseIdentifier=\"RESPONSE\" maxChoices=\"1\"><prompt>{} Select the sentence that {which}: “{}”</prompt><p>{hot}</p></hottextInteraction>", xml(&q.prompt), xml(statement)),
                MATCH_CORRECT.to_owned(),
            )
        }
        Answer::Numeric { accept } => {
            let mut conditions = String::new();
            for (k, n) in accept.iter().enumerate() {
                let test = format!("<and><gte><variable identifier=\"RESPONSE\"/><baseValue baseType=\"float\">{}</baseValue></gte><lte><variable identifier=\"RESPONSE\"/><baseValue baseType=\"float\">{}</baseValue></lte></and>", n.min, n.max);
                let tag = if k == 0 { "responseIf" } else { "responseElseIf" };
                let _ = write!(conditions, "<{tag}>{test}<setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">{}</baseValue></setOutcomeValue></{tag}>", n.credit);
            }
            let value = accept.first().map_or(0.0, |n| n.value);
            (
                format!("<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"float\"><correctResponse><value>{value}</value></correctResponse></responseDeclaration>"),
                format!("<p>{}</p><p><textEntryInteraction responseIdentifier=\"RESPONSE\" expectedLength=\"12\"/></p>", xml(&q.prompt)),
                format!("<responseProcessing><responseCondition>{conditions}</responseCondition></responseProcessing>"),
            )
        }
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<assessmentItem {NS} identifier=\"{id}\" title=\"{}\" adaptive=\"false\" timeDependent=\"false\">\n{declarations}\n{SCORE}\n<itemBody>{body}</itemBody>\n{processing}\n</assessmentItem>\n",
        xml(&q.id.0)
    )
}

fn string_declaration(identifier: &str, accept: &[String]) -> String {
    let first = accept.first().map(|a| xml(a)).unwrap_or_default();
    let entries: String = accept
        .iter()
        .map(|a| {
            format!(
                "<mapEntry mapKey=\"{}\" mappedValue=\"1\" caseSensitive=\"false\"/>",
                xml(a)
            )
        })
        .collect();
    format!(
        "<responseDeclaration identifier=\"{identifier}\" cardinality=\"single\" baseType=\"string\"><correctResponse><value>{first}</value></correctResponse><mapping defaultValue=\"0\" upperBound=\"1\">{entries}</mapping></responseDeclaration>"
    )
}
