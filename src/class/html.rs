//! The class report as one self-contained HTML file: no scripts, no fonts or images to fetch, the
//! charts drawn in as SVG, so it opens the same on any computer and prints well.

use std::fmt::Write as _;

use super::report::ClassReport;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn pct(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.1}&nbsp;%"))
}

fn num(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.2}"))
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#1b1b1b;line-height:1.4}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{padding:.3em .5em;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.flag{color:#a8071a;font-weight:600}.muted{color:#666}\
.charts{display:flex;flex-wrap:wrap;gap:1.5em}.charts figure{margin:0}figcaption{font-size:.9em;color:#444}\
.key{color:#0a6b2d;font-weight:600}svg text{font-family:inherit;font-size:11px}@media print{body{margin:0}}";

/// The report as a complete HTML document.
pub fn to_html(report: &ClassReport) -> String {
    let mut out = String::new();
    let t = &report.test;
    let title = format!("Class report — {}", report.paper.paper_id);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(&title)
    );
    let _ = write!(
        out,
        "<h1>{}</h1><p class=\"muted\">Bank {}{} · {} students · {} questions · made by Dossier</p>",
        escape(&title),
        escape(&report.paper.bank_id),
        report
            .paper
            .bank_version
            .as_ref()
            .map_or(String::new(), |v| format!(", version {}", escape(v))),
        t.attempts,
        t.questions
    );
    out.push_str("<div class=\"charts\"><figure>");
    out.push_str(&histogram_svg(report));
    out.push_str(
        "<figcaption>Score distribution (students per 10 % band)</figcaption></figure><figure>",
    );
    out.push_str(&scatter_svg(report));
    out.push_str("<figcaption>Facility against discrimination index; red: flagged</figcaption></figure></div>");

    out.push_str("<h2>Test</h2><table style=\"width:auto\">");
    for (name, value) in [
        ("Mean", pct(t.mean)),
        ("Median", pct(t.median)),
        ("Standard deviation", pct(t.sd)),
        ("Skewness", num(t.skewness)),
        ("Kurtosis", num(t.kurtosis)),
        (
            "Coefficient of internal consistency (Cronbach's α)",
            pct(t.cic),
        ),
        ("Error ratio", pct(t.error_ratio)),
        ("Standard error", pct(t.standard_error)),
    ] {
        let _ = write!(out, "<tr><th>{name}</th><td class=\"n\">{value}</td></tr>");
    }
    out.push_str("</table>");

    out.push_str("<h2>Questions</h2><table><tr><th class=\"n\">#</th><th>Question</th><th class=\"n\">Facility</th><th class=\"n\">SD</th><th class=\"n\">Discr. index</th><th class=\"n\">Discr. efficiency</th><th class=\"n\">Mean time</th><th>Flags</th></tr>");
    for item in &report.items {
        let flags: Vec<String> = item.flags.iter().map(|f| escape(&f.short())).collect();
        let _ = write!(
            out,
            "<tr><td class=\"n\">{}</td><td>{}<br><span class=\"muted\">{} · {}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.0}&nbsp;s</td><td class=\"flag\">{}</td></tr>",
            item.position,
            escape(&item.prompt),
            escape(&item.question_id),
            escape(&item.section),
            pct(item.stats.facility.map(|f| f * 100.0)),
            pct(item.stats.sd.map(|f| f * 100.0)),
            pct(item.stats.discrimination_index),
            pct(item.stats.discriminative_efficiency),
            item.mean_time_secs,
            flags.join("<br>")
        );
    }
    out.push_str("</table>");

    let _ = write!(
        out,
        "<h2>Responses</h2><p class=\"muted\">How often each response was given, by everyone and by the top and bottom {} students. ✔ marks the right answer.</p>",
        report.third_size
    );
    for item in &report.items {
        let _ = write!(
            out,
            "<h3>{}. {}</h3><table><tr><th>Response</th><th class=\"n\">All</th><th class=\"n\">Top third</th><th class=\"n\">Bottom third</th></tr>",
            item.position,
            escape(&item.prompt)
        );
        for r in item.responses.iter().take(15) {
            let _ = write!(
                out,
                "<tr><td{}>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                if r.is_key { " class=\"key\"" } else { "" },
                if r.is_key { "✔ " } else { "" },
                escape(&r.response),
                r.count,
                r.top_third,
                r.bottom_third
            );
        }
        out.push_str("</table>");
    }

    for (heading, rows) in [
        ("Mastery by section", &report.sections),
        ("Mastery by actor", &report.actors),
    ] {
        if rows.is_empty() {
            continue;
        }
        let _ = write!(out, "<h2>{heading}</h2><table>");
        for m in rows {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{:.1}&nbsp;%</td><td class=\"n muted\">{} question(s)</td><td>{}</td></tr>",
                escape(&m.name),
                m.mastery * 100.0,
                m.questions,
                bar_svg(m.mastery)
            );
        }
        out.push_str("</table>");
    }

    out.push_str("<h2>Students</h2><table><tr><th>Student</th><th class=\"n\">Score</th><th class=\"n\">Time</th></tr>");
    for s in &report.students {
        let name = if s.student.is_empty() {
            "(no name)"
        } else {
            &s.student
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{:.1}&nbsp;%</td><td class=\"n\">{:.0}&nbsp;s</td></tr>",
            escape(name),
            s.score_percent,
            s.time_secs
        );
    }
    out.push_str("</table>");
    if !report.duplicates.is_empty()
        || !report.skipped.is_empty()
        || !report.other_papers.is_empty()
    {
        out.push_str("<h2>Notes</h2><ul>");
        for d in &report.duplicates {
            let _ = write!(
                out,
                "<li>{} handed in {} attempts; the {} counts.</li>",
                escape(&d.student),
                d.ignored.len() + 1,
                match report.which_attempt {
                    super::results::WhichAttempt::Last => "last",
                    _ => "first",
                }
            );
        }
        for (key, n) in &report.other_papers {
            let _ = write!(
                out,
                "<li>Not included: {n} result(s) of {}.</li>",
                escape(&key.to_string())
            );
        }
        for s in &report.skipped {
            let _ = write!(
                out,
                "<li>Skipped {}: {}</li>",
                escape(&s.path.display().to_string()),
                escape(&s.reason)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</body></html>\n");
    out
}

fn bar_svg(fraction: f64) -> String {
    let width = (fraction.clamp(0.0, 1.0) * 160.0).round();
    format!(
        "<svg width=\"160\" height=\"12\" role=\"img\" aria-label=\"{:.0} %\"><rect width=\"160\" height=\"12\" fill=\"#e8e8e8\"/><rect width=\"{width}\" height=\"12\" fill=\"#3b6fb6\"/></svg>",
        fraction * 100.0
    )
}

fn histogram_svg(report: &ClassReport) -> String {
    let (w, h, left, bottom) = (360.0, 220.0, 34.0, 28.0);
    let max = report.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bar_w = (w - left - 8.0) / 10.0;
    let mut svg = format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Score distribution\"><line x1=\"{left}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y0}\" stroke=\"#444\"/>",
        y0 = h - bottom,
        x1 = w - 8.0
    );
    for (i, &count) in report.histogram.iter().enumerate() {
        let bar_h = (h - bottom - 10.0) * count as f64 / max;
        let x = left + i as f64 * bar_w;
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#3b6fb6\"><title>{}–{} %: {count}</title></rect>",
            x + 1.0,
            h - bottom - bar_h,
            bar_w - 2.0,
            bar_h,
            i * 10,
            i * 10 + 10
        );
        if count > 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>",
                x + bar_w / 2.0,
                h - bottom - bar_h - 2.0
            );
        }
        if i % 2 == 0 {
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                h - bottom + 14.0,
                i * 10
            );
        }
    }
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">100 %</text></svg>",
        w - 2.0,
        h - bottom + 14.0
    );
    svg
}

fn scatter_svg(report: &ClassReport) -> String {
    let (w, h, left, bottom) = (360.0, 220.0, 40.0, 28.0);
    let plot_w = w - left - 10.0;
    let plot_h = h - bottom - 10.0;
    // x: facility 0..100 %; y: discrimination index −100..100.
    let x_of = |f: f64| left + plot_w * f.clamp(0.0, 1.0);
    let y_of = |d: f64| 10.0 + plot_h * (1.0 - (d.clamp(-100.0, 100.0) + 100.0) / 200.0);
    let mut svg = format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Facility against discrimination\"><rect x=\"{left}\" y=\"10\" width=\"{plot_w}\" height=\"{plot_h}\" fill=\"none\" stroke=\"#999\"/><line x1=\"{left}\" y1=\"{y0:.1}\" x2=\"{x1}\" y2=\"{y0:.1}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>",
        y0 = y_of(0.0),
        x1 = left + plot_w
    );
    for (label, d) in [("100", 100.0), ("0", 0.0), ("−100", -100.0)] {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>",
            left - 4.0,
            y_of(d) + 4.0
        );
    }
    for (label, f, anchor) in [
        ("0", 0.0, "middle"),
        ("50", 0.5, "middle"),
        ("100 %", 1.0, "end"),
    ] {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{label}</text>",
            x_of(f) + if anchor == "end" { 8.0 } else { 0.0 },
            h - bottom + 16.0
        );
    }
    for item in &report.items {
        let (Some(f), Some(d)) = (item.stats.facility, item.stats.discrimination_index) else {
            continue;
        };
        let colour = if item.flags.is_empty() {
            "#3b6fb6"
        } else {
            "#c0392b"
        };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{colour}\" fill-opacity=\"0.8\"><title>{}. {} — facility {:.0} %, discrimination {:.0}</title></circle><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x_of(f),
            y_of(d),
            item.position,
            escape(&item.question_id),
            f * 100.0,
            d,
            x_of(f) + 6.0,
            y_of(d) - 5.0,
            item.position
        );
    }
    svg.push_str("</svg>");
    svg
}
