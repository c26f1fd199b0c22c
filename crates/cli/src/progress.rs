//! The import progress bar (stderr, only on a terminal, never in --json mode).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use proofpack_core::pack::ExportEvent;
use proofpack_core::ImportEvent;

pub struct ImportBar {
    bar: ProgressBar,
}

impl ImportBar {
    pub fn new(json: bool) -> Self {
        let bar = ProgressBar::hidden();
        if !json {
            // indicatif draws only when stderr is a terminal, so pipes and tests stay clean.
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files  {elapsed}  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        ImportBar { bar }
    }

    pub fn on_event(&self, e: &ImportEvent) {
        match e {
            ImportEvent::Started { files, .. } => self.bar.set_length(*files),
            ImportEvent::Progress {
                files_done, name, ..
            } => {
                self.bar.set_position(*files_done);
                self.bar.set_message(name.clone());
            }
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Reading screenshots after import: one step per capture.
pub struct OcrBar {
    bar: ProgressBar,
}

impl OcrBar {
    pub fn new(json: bool, total: usize) -> Self {
        let bar = ProgressBar::hidden();
        if !json {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} screenshots read  {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_length(total as u64);
        OcrBar { bar }
    }

    pub fn set(&self, done: usize) {
        self.bar.set_position(done as u64);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The export progress bar: a spinner while the report renders, then bytes written.
pub struct ExportBar {
    bar: ProgressBar,
}

impl ExportBar {
    pub fn new(json: bool) -> Self {
        let bar = ProgressBar::hidden();
        if !json {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes}  {elapsed}  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        ExportBar { bar }
    }

    pub fn on_event(&self, e: &ExportEvent) {
        match e {
            ExportEvent::Preparing => self.bar.set_message("report / 报告"),
            ExportEvent::Writing { done, total } => {
                self.bar.set_length(*total);
                self.bar.set_position(*done);
                self.bar.set_message("pack / 证据包");
            }
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
