//! `dossier progress optimize [--apply]`: fits the student's own FSRS parameters to their review
//! history, prints how well the current and the fitted parameters predict it (log loss and RMSE,
//! lower is better), and with `--apply` saves the fitted ones if they are better.

use std::io::Write;
use std::sync::atomic::AtomicBool;

use crate::progress::{DataDir, ProgressError, Settings, Store};
use crate::study::optimize::{OptimizeError, OptimizeReport, optimize, training_items};

/// Why `progress optimize` failed.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeCommandError {
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error(transparent)]
    Optimize(#[from] OptimizeError),
}

/// Runs the fit. Without `--apply` nothing is written (the app may be open on the same folder); with
/// it the data folder is locked while the settings are saved.
pub fn run(dir: &DataDir, apply: bool) -> Result<(), OptimizeCommandError> {
    // Taking the store locks the folder, so the settings are not saved under a running app.
    let store = if apply {
        let (store, notices) = Store::open(dir)?;
        print_notices(notices.iter().map(|n| n.message.as_str()));
        Some(store)
    } else {
        None
    };
    let (mut settings, notice) = Settings::load_read_only(&dir.settings_path());
    print_notices(notice.iter().map(|n| n.message.as_str()));
    let records = match &store {
        Some(store) => store.all_records()?,
        None if dir.log_path().exists() => {
            let (records, notices) = crate::progress::log::read_records(&dir.log_path())?;
            print_notices(notices.iter().map(|n| n.message.as_str()));
            records
        }
        None => Vec::new(),
    };
    let items = training_items(&records, settings.rollover_hour);
    eprintln!(
        "Fitting FSRS parameters to {} reviews ({} usable for fitting)…",
        records.len(),
        items.len()
    );
    let mut shown = 0;
    let report = optimize(
        items,
        &settings.fsrs_parameters,
        &AtomicBool::new(false),
        |progress| {
            let percent = (progress.fraction() * 100.0) as u32;
            if percent >= shown + 10 || (progress.finished && percent > shown) {
                shown = percent;
                eprint!("{percent}% ");
                let _ = std::io::stderr().flush();
            }
        },
    )?;
    eprintln!();
    print!("{}", describe(&report, settings.fsrs_parameters.is_empty()));
    if !report.improves() {
        println!("The fitted parameters are not better; keeping the current ones.");
    } else if apply {
        settings.fsrs_parameters = report.parameters.clone();
        settings.save(&dir.settings_path())?;
        println!(
            "Saved: your reviews are now scheduled with these parameters ({}).",
            dir.settings_path().display()
        );
    } else {
        println!("Run `dossier progress optimize --apply` to use them.");
    }
    Ok(())
}

/// The comparison, one line per parameter set, then the fitted parameters.
pub fn describe(report: &OptimizeReport, current_are_defaults: bool) -> String {
    let current = if current_are_defaults {
        "FSRS defaults"
    } else {
        "your current parameters"
    };
    let parameters: Vec<String> = report
        .parameters
        .iter()
        .map(|w| format!("{w:.4}"))
        .collect();
    format!(
        "On {} reviews (lower is better):\n  {current:<24} log loss {:.4}  RMSE {:.4}\n  {:<24} log loss {:.4}  RMSE {:.4}\nFitted parameters: {}\n",
        report.items,
        report.current.log_loss,
        report.current.rmse_bins,
        "fitted parameters",
        report.fitted.log_loss,
        report.fitted.rmse_bins,
        parameters.join(", ")
    )
}

fn print_notices<'a>(notices: impl Iterator<Item = &'a str>) {
    for notice in notices {
        eprintln!("note: {notice}");
    }
}
