//! The Class screen: a teacher opens (or drops) a folder of the result files students handed in and
//! sees the report on the paper: score distribution, facility against discrimination (click a point to
//! open the question in Preview), mastery by section and actor, and a sortable table of the questions
//! with their flags. Exports go to CSV or a self-contained HTML file.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Plot, PlotPoints, Points};

use crate::class::report::{ClassReport, ItemReport, Mastery};
use crate::class::results::WhichAttempt;
use crate::ui::intent::{ClassIntent, Intent};
use crate::ui::state::AppState;
use crate::ui::theme;

/// How the item table is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Position,
    Facility,
    Discrimination,
    Efficiency,
    Flags,
}

/// The screen's own choices (sorting, export options); the report lives in the state.
#[derive(Debug, Default)]
pub struct ClassScreen {
    pub sort: SortBy,
    pub descending: bool,
    pub pseudonymise: bool,
}

/// Whether a dropped file is a result file (a `.json` that is not a paper).
pub fn is_result_file(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        && !crate::class::paper::is_paper_path(path)
}

fn intent(intents: &mut Vec<Intent>, i: ClassIntent) {
    intents.push(Intent::Class(i));
}

pub fn class_ui(
    ui: &mut Ui,
    state: &AppState,
    screen: &mut ClassScreen,
    intents: &mut Vec<Intent>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new("Class results")
                .font(theme::title_font())
                .strong(),
        );
        if ui.button("Open a folder of results…").clicked() {
            intent(intents, ClassIntent::OpenResultsDialog);
        }
        if state.class.is_some() && ui.button("Close").clicked() {
            intent(intents, ClassIntent::CloseResults);
        }
    });
    let Some(view) = &state.class else {
        ui.add(
            egui::Label::new(
                RichText::new("Collect the result files (.json) your students' exams saved in their data folder's exams/, put them in one folder, and open or drop it here. The report shows how hard each question was, which ones tell stronger students from weaker ones, and what the class has mastered.")
                    .weak(),
            )
            .wrap(),
        );
        return;
    };
    if view.is_loading() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Reading the result files…");
            if ui.button("Cancel").clicked() {
                intent(intents, ClassIntent::CloseResults);
            }
        });
        return;
    }
    let Some(report) = &view.report else {
        ui.label(RichText::new("No results of an exam paper were found there.").strong());
        skipped_ui(
            ui,
            view.skipped
                .iter()
                .map(|s| (s.path.display().to_string(), s.reason.as_str())),
        );
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            header_ui(ui, view, report, screen, intents);
            ui.add_space(6.0);
            test_ui(ui, report);
            charts_ui(ui, report, intents);
            mastery_ui(ui, "Mastery by section", &report.sections);
            mastery_ui(ui, "Mastery by actor", &report.actors);
            items_ui(ui, report, screen, intents);
            students_ui(ui, report);
        });
}

fn header_ui(
    ui: &mut Ui,
    view: &crate::ui::state::ClassView,
    report: &ClassReport,
    screen: &mut ClassScreen,
    intents: &mut Vec<Intent>,
) {
    if view.groups.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Paper:");
            egui::ComboBox::from_id_salt("class-paper")
                .selected_text(report.paper.to_string())
                .show_ui(ui, |ui| {
                    for (i, group) in view.groups.iter().enumerate() {
                        let text = format!("{} — {} result(s)", group.key, group.attempts.len());
                        if ui.selectable_label(i == view.selected, text).clicked() {
                            intent(intents, ClassIntent::SelectPaper(i));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        ui.label(
            RichText::new("The folder holds results of several papers; they are reported one at a time, never mixed.")
                .small()
                .weak(),
        );
    } else {
        ui.label(RichText::new(report.paper.to_string()).strong());
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} students · {} questions",
            report.test.attempts, report.test.questions
        ));
        ui.separator();
        ui.label("Count for a student with several attempts:");
        for (which, text) in [
            (WhichAttempt::First, "the first"),
            (WhichAttempt::Last, "the last"),
            (WhichAttempt::All, "all"),
        ] {
            if ui
                .selectable_label(report.which_attempt == which, text)
                .clicked()
            {
                intent(intents, ClassIntent::SetAttempt(which));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Export CSV…").clicked() {
            intent(
                intents,
                ClassIntent::Export {
                    html: false,
                    pseudonymise: screen.pseudonymise,
                },
            );
        }
        if ui.button("Export HTML report…").clicked() {
            intent(
                intents,
                ClassIntent::Export {
                    html: true,
                    pseudonymise: screen.pseudonymise,
                },
            );
        }
        ui.checkbox(
            &mut screen.pseudonymise,
            "Replace names with pseudonyms in exports",
        );
    });
    let notes = report.duplicates.len() + report.skipped.len() + report.other_papers.len();
    if notes > 0 {
        egui::CollapsingHeader::new(format!("{notes} note(s) on the files"))
            .id_salt("class-notes")
            .show(ui, |ui| {
                for d in &report.duplicates {
                    ui.add(
                        egui::Label::new(format!(
                            "{} handed in {} attempts; {} counts.",
                            d.student,
                            d.ignored.len() + 1,
                            d.kept
                                .file_name()
                                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
                        ))
                        .wrap(),
                    );
                }
                for (key, n) in &report.other_papers {
                    ui.add(
                        egui::Label::new(format!("Not included: {n} result(s) of {key}.")).wrap(),
                    );
                }
                skipped_ui(
                    ui,
                    report
                        .skipped
                        .iter()
                        .map(|s| (s.path.display().to_string(), s.reason.as_str())),
                );
            });
    }
}

fn skipped_ui<'a>(ui: &mut Ui, skipped: impl Iterator<Item = (String, &'a str)>) {
    let dark = ui.visuals().dark_mode;
    for (path, reason) in skipped.take(50) {
        ui.add(
            egui::Label::new(
                RichText::new(format!("Skipped {path}: {reason}")).color(theme::wrong_color(dark)),
            )
            .wrap(),
        );
    }
}

fn pct(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.1} %"))
}

fn test_ui(ui: &mut Ui, report: &ClassReport) {
    let t = &report.test;
    egui::Grid::new("class-test")
        .num_columns(4)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            let rows = [
                ("Mean", pct(t.mean), "Median", pct(t.median)),
                ("Standard deviation", pct(t.sd), "Cronbach's α", pct(t.cic)),
                (
                    "Skewness",
                    t.skewness.map_or("—".into(), |v| format!("{v:.2}")),
                    "Kurtosis",
                    t.kurtosis.map_or("—".into(), |v| format!("{v:.2}")),
                ),
                (
                    "Error ratio",
                    pct(t.error_ratio),
                    "Standard error",
                    pct(t.standard_error),
                ),
            ];
            for (a, av, b, bv) in rows {
                ui.label(RichText::new(a).weak());
                ui.label(RichText::new(av).strong());
                ui.label(RichText::new(b).weak());
                ui.label(RichText::new(bv).strong());
                ui.end_row();
            }
        });
}

fn charts_ui(ui: &mut Ui, report: &ClassReport, intents: &mut Vec<Intent>) {
    let dark = ui.visuals().dark_mode;
    let width = ui.available_width();
    let side_by_side = width > 620.0;
    let chart_w = if side_by_side {
        (width - 16.0) / 2.0
    } else {
        width
    };
    let histogram = |ui: &mut Ui| {
        ui.vertical(|ui| {
            ui.set_width(chart_w);
            ui.label(RichText::new("Score distribution").strong());
            let bars: Vec<Bar> = report
                .histogram
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    Bar::new(i as f64 * 10.0 + 5.0, n as f64)
                        .width(9.0)
                        .name(format!("{}–{} %", i * 10, i * 10 + 10))
                })
                .collect();
            Plot::new("class-histogram")
                .height(170.0)
                .width(chart_w)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .include_x(0.0)
                .include_x(100.0)
                .include_y(0.0)
                .x_axis_label("score %")
                .show(ui, |plot| {
                    plot.bar_chart(BarChart::new("Students", bars).color(theme::accent(dark)));
                });
        });
    };
    let scatter = |ui: &mut Ui, intents: &mut Vec<Intent>| {
        ui.vertical(|ui| {
            ui.set_width(chart_w);
            ui.label(RichText::new("Facility (across) against discrimination (up)").strong())
                .on_hover_text("Each point is a question; click one to open it in Preview.");
            let placed: Vec<(&ItemReport, [f64; 2])> = report
                .items
                .iter()
                .filter_map(|i| {
                    Some((
                        i,
                        [i.stats.facility? * 100.0, i.stats.discrimination_index?],
                    ))
                })
                .collect();
            let (ok, flagged): (Vec<_>, Vec<_>) =
                placed.iter().partition(|(i, _)| i.flags.is_empty());
            let shown = Plot::new("class-scatter")
                .height(170.0)
                .width(chart_w)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .include_x(0.0)
                .include_x(100.0)
                .include_y(-100.0)
                .include_y(100.0)
                .x_axis_label("facility %")
                .show(ui, |plot| {
                    let points = |list: &[&(&ItemReport, [f64; 2])]| {
                        PlotPoints::new(list.iter().map(|(_, p)| *p).collect())
                    };
                    plot.points(
                        Points::new("Questions", points(&ok))
                            .radius(5.0)
                            .color(theme::accent(dark)),
                    );
                    plot.points(
                        Points::new("Flagged", points(&flagged))
                            .radius(5.0)
                            .color(theme::wrong_color(dark)),
                    );
                });
            if shown.response.clicked()
                && let Some(pos) = shown.response.interact_pointer_pos()
            {
                let nearest = placed
                    .iter()
                    .map(|(item, p)| {
                        let at = shown
                            .transform
                            .position_from_point(&egui_plot::PlotPoint::new(p[0], p[1]));
                        (item, at.distance(pos))
                    })
                    .filter(|(_, d)| *d < 14.0)
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((item, _)) = nearest {
                    intent(
                        intents,
                        ClassIntent::PreviewQuestion {
                            bank: crate::BankId(report.paper.bank_id.clone()),
                            question: item.question_id.clone(),
                        },
                    );
                }
            }
        });
    };
    if side_by_side {
        ui.horizontal_top(|ui| {
            histogram(ui);
            scatter(ui, intents);
        });
    } else {
        histogram(ui);
        scatter(ui, intents);
    }
}

fn mastery_ui(ui: &mut Ui, title: &str, rows: &[Mastery]) {
    if rows.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new(title).strong());
    for m in rows {
        ui.push_id(("mastery", title, &m.name), |ui| {
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(m.mastery as f32)
                        .desired_width(120.0)
                        .text(format!("{:.0} %", m.mastery * 100.0)),
                );
                ui.add(
                    egui::Label::new(format!(
                        "{} · {} question{}",
                        m.name,
                        m.questions,
                        if m.questions == 1 { "" } else { "s" }
                    ))
                    .wrap(),
                );
            });
        });
    }
}

fn sorted<'a>(report: &'a ClassReport, screen: &ClassScreen) -> Vec<&'a ItemReport> {
    let mut items: Vec<&ItemReport> = report.items.iter().collect();
    let key = |i: &ItemReport| -> f64 {
        match screen.sort {
            SortBy::Position => i.position as f64,
            SortBy::Facility => i.stats.facility.unwrap_or(f64::NAN),
            SortBy::Discrimination => i.stats.discrimination_index.unwrap_or(f64::NAN),
            SortBy::Efficiency => i.stats.discriminative_efficiency.unwrap_or(f64::NAN),
            SortBy::Flags => i.flags.len() as f64,
        }
    };
    items.sort_by(|a, b| key(a).total_cmp(&key(b)).then(a.position.cmp(&b.position)));
    if screen.descending {
        items.reverse();
    }
    items
}

fn items_ui(
    ui: &mut Ui,
    report: &ClassReport,
    screen: &mut ClassScreen,
    intents: &mut Vec<Intent>,
) {
    let dark = ui.visuals().dark_mode;
    ui.add_space(6.0);
    ui.label(RichText::new("Questions").strong());
    ui.horizontal_wrapped(|ui| {
        ui.label("Sort by:");
        for (by, text) in [
            (SortBy::Position, "order"),
            (SortBy::Facility, "facility"),
            (SortBy::Discrimination, "discrimination"),
            (SortBy::Efficiency, "efficiency"),
            (SortBy::Flags, "flags"),
        ] {
            let arrow = if screen.sort == by {
                if screen.descending { " ⏷" } else { " ⏶" }
            } else {
                ""
            };
            if ui
                .selectable_label(screen.sort == by, format!("{text}{arrow}"))
                .clicked()
            {
                if screen.sort == by {
                    screen.descending = !screen.descending;
                } else {
                    screen.sort = by;
                    screen.descending = matches!(by, SortBy::Flags);
                }
            }
        }
    });
    for item in sorted(report, screen) {
        ui.push_id(("class-item", item.position), |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}.", item.position)).strong());
                    ui.add(egui::Label::new(&item.prompt).wrap());
                });
                ui.horizontal_wrapped(|ui| {
                    let f = item.stats.facility.map(|v| v * 100.0);
                    ui.label(format!("facility {}", pct(f)));
                    ui.label(format!(
                        "· discrimination {}",
                        pct(item.stats.discrimination_index)
                    ));
                    ui.label(format!(
                        "· efficiency {}",
                        pct(item.stats.discriminative_efficiency)
                    ));
                    ui.label(RichText::new(format!("· {:.0} s", item.mean_time_secs)).weak());
                    if ui
                        .small_button("Preview")
                        .on_hover_text("Open this question in Preview")
                        .clicked()
                    {
                        intent(
                            intents,
                            ClassIntent::PreviewQuestion {
                                bank: crate::BankId(report.paper.bank_id.clone()),
                                question: item.question_id.clone(),
                            },
                        );
                    }
                });
                for flag in &item.flags {
                    ui.label(
                        RichText::new(format!("⚑ {}", flag.short()))
                            .color(theme::wrong_color(dark)),
                    );
                }
                egui::CollapsingHeader::new(format!(
                    "Responses (all / top {n} / bottom {n})",
                    n = report.third_size
                ))
                .id_salt(("responses", item.position))
                .show(ui, |ui| {
                    egui::Grid::new(("responses-grid", item.position))
                        .num_columns(4)
                        .striped(true)
                        .show(ui, |ui| {
                            for r in item.responses.iter().take(15) {
                                let text = if r.is_key {
                                    RichText::new(format!("✔ {}", r.response))
                                        .color(theme::correct_color(dark))
                                } else {
                                    RichText::new(&r.response)
                                };
                                ui.add(egui::Label::new(text).truncate());
                                ui.label(r.count.to_string());
                                ui.label(r.top_third.to_string());
                                ui.label(r.bottom_third.to_string());
                                ui.end_row();
                            }
                        });
                });
            });
        });
    }
}

fn students_ui(ui: &mut Ui, report: &ClassReport) {
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("Students ({})", report.students.len()))
        .id_salt("class-students")
        .show(ui, |ui| {
            egui::Grid::new("class-students-grid")
                .num_columns(3)
                .striped(true)
                .show(ui, |ui| {
                    for s in report.students.iter().take(MAX_STUDENTS_SHOWN) {
                        let name = if s.student.is_empty() {
                            "(no name)"
                        } else {
                            &s.student
                        };
                        ui.label(name);
                        ui.label(format!("{:.0} %", s.score_percent));
                        ui.label(RichText::new(format!("{:.0} s", s.time_secs)).weak());
                        ui.end_row();
                    }
                });
            if report.students.len() > MAX_STUDENTS_SHOWN {
                ui.label(
                    RichText::new(format!(
                        "… and {} more: export the report to see everyone.",
                        report.students.len() - MAX_STUDENTS_SHOWN
                    ))
                    .weak(),
                );
            }
        });
}

/// Most students listed on screen (every one is laid out each frame); the exports list them all.
const MAX_STUDENTS_SHOWN: usize = 300;
