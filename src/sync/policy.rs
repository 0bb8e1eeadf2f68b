//! The pure decisions of a sync, tested without any I/O (as atuin decides its sync's operations
//! before applying them): whether a fetched file is loaded, skipped or failed ([`decide`]),
//! whether a parsed bulk file may replace what is stored ([`admit`]), what looks wrong about a
//! load that "worked" ([`health_warnings`]), the API's date window, what a `--from` mirror must
//! hold, and `--every`'s interval.
//!
//! For: decisions from values to values.
//! Not for: fetching, parsing or any read or write of the database (see `sync::fara` and
//! `sync::runs`).

use jiff::civil::Date;
use serde::Serialize;

use super::Stage;
use crate::fara::bulk;
use crate::fetch::Fetched;

/// What faralink remembers of a source between runs (`source_state`, read and
/// written by `sync::runs`): the values the decisions below compare against.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceState {
    /// The `ETag` the server sent last time.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent last time.
    pub last_modified: Option<String>,
    /// SHA-256 of the bytes last loaded.
    pub sha256: Option<String>,
    /// The CSV header last loaded.
    pub header: Option<String>,
    /// Rows stored by the last load.
    pub row_count: Option<i64>,
    /// Rows the last load sent to `rejects`.
    pub rejected: Option<i64>,
}

/// Whether a source reads the FARA site or a `--from` mirror of it (the only sources that are
/// skipped for want of a file), as opposed to the takedowns built into faralink, the matcher
/// and Meta's repository (never read under `--from`, so `sync --only takedowns --from DIR`
/// still loads the built-in takedowns and succeeds).
pub fn reads_fara_site(source: &str) -> bool {
    source.starts_with("fara:") || source == "documents"
}

/// What to do with what a fetch returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Parse and load it.
    Load,
    /// Nothing changed upstream: no parse, no writes but the bookkeeping.
    Unchanged(String),
    /// The source is absent (`--from DIR` without the file).
    Skip(String),
    /// The fetch ended in a status that means the source failed.
    Fail(String),
}

/// A bulk file may lose at most this share of the current rows the database holds before it
/// is refused (see [`admit`]). DOJ's files only grow between daily exports (a terminated
/// registration stays listed, with its date), so a larger drop is an export cut short.
pub const MAX_DROP_PERCENT: i64 = 10;

/// Why a bulk file was not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The file parsed to no rows at all.
    NoRows,
    /// Its rows are more than [`MAX_DROP_PERCENT`] fewer than the current rows stored.
    Drop,
    /// Its header lacks columns faralink needs.
    MissingColumns,
}

/// A bulk file that was refused before anything was written: the database, the links and the
/// reviews stay as they were, and the source fails. Kept in `sync_runs.detail` for `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Refused {
    /// The file, as a URL or a path under `--from`.
    pub file: String,
    /// Why it was refused.
    pub reason: RefusalReason,
    /// The current (not removed) rows the database holds for this file.
    pub stored: i64,
    /// The rows the new file holds; none when its header could not be read.
    pub incoming: Option<i64>,
    /// The required columns the file lacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_columns: Vec<String>,
    /// The header the file had, when columns were missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub found_columns: Vec<String>,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (file, stored) = (&self.file, self.stored);
        let accept = "nothing was changed. If upstream really holds this, apply it on purpose with `faralink sync --accept-drop`";
        match (self.reason, self.incoming) {
            (RefusalReason::NoRows, _) => write!(
                f,
                "refused {file}: it holds 0 rows where the database holds {stored} current rows (an export cut short?); {accept}"
            ),
            (RefusalReason::Drop, Some(n)) => write!(
                f,
                "refused {file}: it holds {n} rows where the database holds {stored} current rows, a drop of {}% (more than {MAX_DROP_PERCENT}%); {accept}",
                (stored - n) * 100 / stored.max(1)
            ),
            (RefusalReason::Drop, None) => write!(f, "refused {file}: its rows dropped; {accept}"),
            (RefusalReason::MissingColumns, _) => write!(
                f,
                "refused {file}: its header lacks the columns {:?} (found {:?}), so none of its rows can be read; the database keeps its {stored} current rows and nothing was changed. DOJ may have changed the file's layout: this file cannot be applied, with or without --accept-drop",
                self.missing_columns, self.found_columns
            ),
        }
    }
}

/// Decides, before any write, whether a parsed bulk file may replace what is stored: not when
/// it holds no rows, nor when it holds more than [`MAX_DROP_PERCENT`] fewer rows than the
/// current rows stored (applying either would mark the missing rows removed, and the matcher
/// would then delete every unreviewed link to them), unless `accept_drop`.
///
/// A header-only registrants file from a truncated export once marked all 6,928 registrants
/// removed and deleted every unreviewed link, and the sync exited 0.
pub fn admit(file: &str, stored: i64, incoming: i64, accept_drop: bool) -> Result<(), Refused> {
    let reason = if incoming == 0 {
        RefusalReason::NoRows
    } else if (stored - incoming) * 100 > stored * MAX_DROP_PERCENT {
        RefusalReason::Drop
    } else {
        return Ok(());
    };
    if accept_drop {
        return Ok(());
    }
    Err(Refused {
        file: file.to_string(),
        reason,
        stored,
        incoming: Some(incoming),
        missing_columns: Vec::new(),
        found_columns: Vec::new(),
    })
}

/// Decides what to do with a fetch result, given what we loaded last time.
pub fn decide(fetched: &Fetched, prev: Option<&SourceState>, location: &str) -> Decision {
    match fetched {
        Fetched::NotModified => {
            Decision::Unchanged("not modified since the last sync (HTTP 304)".into())
        }
        Fetched::Missing => Decision::Skip(format!("{location} is not in the --from directory")),
        Fetched::Status { status, .. } => {
            Decision::Fail(format!("{location} answered HTTP {status}"))
        }
        Fetched::Body { sha256, .. } => match prev.and_then(|p| p.sha256.as_deref()) {
            Some(old) if old == sha256 => Decision::Unchanged(format!(
                "same content as the last load (sha256 {})",
                &sha256[..12]
            )),
            _ => Decision::Load,
        },
    }
}

/// The figures of a fresh load that `health_warnings` compares with the last one.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadHealth {
    /// The CSV header as read.
    pub header: String,
    /// Rows loaded.
    pub rows: i64,
    /// Rows sent to `rejects`.
    pub rejected: i64,
}

/// Loud warnings for a load that looks wrong even though it "worked": a FARA mirror once read
/// registration numbers as "SPAIN" for months before anyone noticed. Compared with the last
/// load: a sharp drop in rows, a changed header, a jump in rejects.
pub fn health_warnings(source: &str, prev: Option<&SourceState>, now: &LoadHealth) -> Vec<String> {
    let mut w = Vec::new();
    if let Some(p) = prev {
        if let Some(old) = p.row_count.filter(|&n| n > 0)
            && now.rows < old - old / 10
        {
            w.push(format!(
                "{source}: row count dropped sharply, from {old} to {} (more than 10%)",
                now.rows
            ));
        }
        if let Some(h) = p.header.as_deref()
            && h != now.header
        {
            w.push(format!(
                "{source}: the header changed, from [{h}] to [{}]",
                now.header
            ));
        }
        let old_rej = p.rejected.unwrap_or(0);
        if now.rejected > (2 * old_rej).max(old_rej + 10) {
            w.push(format!("{source}: rejected rows jumped from {old_rej} to {}; see `faralink export rejects`", now.rejected));
        }
    }
    // Small files (a handful of rows) say nothing by share; DOJ's smallest real file has ~7,000.
    let total = now.rows + now.rejected;
    if total >= 100 && now.rejected * 20 > total {
        w.push(format!(
            "{source}: {} of {total} rows were rejected (over 5%); see `faralink export rejects`",
            now.rejected
        ));
    }
    w
}

/// The API's `New` window: from `days` before the newest registration date the bulk files
/// gave (DOJ refreshes them daily, but late filings carry earlier dates) up to `today`.
pub fn api_window(newest_bulk: Option<Date>, today: Date, days: i64) -> (Date, Date) {
    let start = newest_bulk.unwrap_or(today).min(today);
    let from = start
        .checked_sub(jiff::Span::new().days(days))
        .unwrap_or(start);
    (from, today)
}

/// Where a `--from` directory must hold at least one file for the stages a run wants
/// (CONTRACT.md, "Sources and the mirror layout"). A whole sync starts from the FARA files
/// (documents are fetched as the registrant-docs file lists them), `--only documents` needs
/// `docs/`; the takedown and match stages do not read the directory.
pub fn mirror_paths(only: Option<Stage>) -> Vec<&'static str> {
    match only {
        None | Some(Stage::Fara) => bulk::BulkKind::ALL
            .iter()
            .map(|k| k.zip_path())
            .chain([
                "api/v1/Registrants/json/New",
                "api/v1/Registrants/json/Active",
            ])
            .collect(),
        Some(Stage::Documents) => vec!["docs/"],
        Some(Stage::Takedowns | Stage::Match) => Vec::new(),
    }
}

/// Checks a `--from` directory before anything is opened: a directory that is missing (a
/// typo, a disk not mounted) or holds none of the files the run reads would otherwise give a
/// run that skipped everything and looked like success. The error names the directory and
/// every path looked for.
pub fn check_mirror(dir: &std::path::Path, only: Option<Stage>) -> Result<(), MirrorError> {
    let paths = mirror_paths(only);
    let looked_for = || {
        paths
            .iter()
            .map(|p| format!("\n  {}", dir.join(p).display()))
            .collect::<String>()
    };
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(MirrorError::NotADirectory {
            dir: dir.to_path_buf(),
            what,
            looked_for: looked_for(),
        });
    }
    if !paths.is_empty() && !paths.iter().any(|p| dir.join(p).exists()) {
        return Err(MirrorError::Empty {
            dir: dir.to_path_buf(),
            looked_for: looked_for(),
        });
    }
    Ok(())
}

/// Why a `--from` directory cannot be synced from (see [`check_mirror`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MirrorError {
    /// The directory is missing or is a file (a typo, a disk not mounted). Give the directory
    /// that holds the FARA mirror layout.
    #[error("--from {}: the directory {what}; it should hold the FARA mirror layout, looked for:{looked_for}", dir.display())]
    NotADirectory {
        /// The `--from` directory given.
        dir: std::path::PathBuf,
        /// "does not exist" or "is a file".
        what: &'static str,
        /// The paths the run reads, one per line.
        looked_for: String,
    },
    /// The directory holds none of the files the run reads. Check it is the right one and that
    /// its disk is mounted.
    #[error("--from {}: holds none of the files sync reads (is it the right directory, is its disk mounted?); looked for:{looked_for}", dir.display())]
    Empty {
        /// The `--from` directory given.
        dir: std::path::PathBuf,
        /// The paths the run reads, one per line.
        looked_for: String,
    },
}

/// Why a `sync --every` interval cannot be read (see [`parse_interval`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IntervalError {
    /// No whole number first. Write a number and a unit: `30m`, `6h`, `1d`.
    #[error("expected an interval such as 30m, 6h or 1d, got {0:?}")]
    NotANumber(String),
    /// The unit is not `s`, `m`, `h` or `d`. Use one of those.
    #[error("unknown unit in {0:?}: use s, m, h or d (30m, 6h, 1d)")]
    UnknownUnit(String),
    /// Zero: a sync cannot repeat at once. Give a longer interval.
    #[error("the interval must be longer than zero")]
    Zero,
}

/// `sync --every`: a whole number and a unit, `s`, `m`, `h` or `d` (`90s`, `30m`, `6h`, `1d`).
pub fn parse_interval(s: &str) -> Result<std::time::Duration, IntervalError> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n
        .parse()
        .map_err(|_| IntervalError::NotANumber(s.to_string()))?;
    let secs = match unit.trim() {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(IntervalError::UnknownUnit(s.to_string())),
    };
    if secs == 0 {
        return Err(IntervalError::Zero);
    }
    Ok(std::time::Duration::from_secs(secs))
}

/// A date as the FARA API writes it in a query: `MM-DD-YYYY`.
pub(super) fn mdy(d: Date) -> String {
    format!("{:02}-{:02}-{:04}", d.month(), d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{RunStatus, SourceReport, SyncSummary, report};

    fn body(sha: &str) -> Fetched {
        Fetched::Body {
            bytes: bytes::Bytes::new(),
            sha256: sha.repeat(64 / sha.len()),
            etag: None,
            last_modified: None,
        }
    }

    #[test]
    fn decide_loads_new_content_and_skips_the_same() {
        let prev = SourceState {
            sha256: Some("ab".repeat(32)),
            ..Default::default()
        };
        assert!(
            matches!(decide(&body("ab"), Some(&prev), "x"), Decision::Unchanged(m) if m.contains("same content"))
        );
        assert_eq!(decide(&body("cd"), Some(&prev), "x"), Decision::Load);
        assert_eq!(decide(&body("cd"), None, "x"), Decision::Load);
        assert!(matches!(
            decide(&Fetched::NotModified, Some(&prev), "x"),
            Decision::Unchanged(_)
        ));
        assert!(
            matches!(decide(&Fetched::Missing, None, "x"), Decision::Skip(m) if m.contains("x"))
        );
        assert!(
            matches!(decide(&Fetched::Status { status: 404, body: bytes::Bytes::new() }, None, "u"), Decision::Fail(m) if m.contains("404"))
        );
    }

    #[test]
    fn admit_refuses_no_rows_and_drops_past_ten_percent_unless_accepted() {
        // A header-only file, against a full table and against an empty one.
        let e = admit("R.zip", 6928, 0, false).unwrap_err();
        assert_eq!(
            (e.reason, e.stored, e.incoming),
            (RefusalReason::NoRows, 6928, Some(0))
        );
        assert_eq!(
            admit("R.zip", 0, 0, false).unwrap_err().reason,
            RefusalReason::NoRows
        );
        // 10% fewer is allowed, one row more is not.
        assert_eq!(admit("R.zip", 1000, 900, false), Ok(()));
        let e = admit("R.zip", 1000, 899, false).unwrap_err();
        assert_eq!(e.reason, RefusalReason::Drop);
        let msg = e.to_string();
        for part in [
            "R.zip",
            "899",
            "1000",
            "--accept-drop",
            "nothing was changed",
        ] {
            assert!(msg.contains(part), "{part:?} missing from {msg}");
        }
        // Growth and first loads pass; --accept-drop lets both refusals through.
        assert_eq!(admit("R.zip", 1000, 1200, false), Ok(()));
        assert_eq!(admit("R.zip", 0, 17, false), Ok(()));
        assert_eq!(admit("R.zip", 1000, 899, true), Ok(()));
        assert_eq!(admit("R.zip", 6928, 0, true), Ok(()));
    }

    #[test]
    fn a_run_that_skipped_every_upstream_source_is_all_skipped() {
        let src = |name: &str, status| SourceReport {
            status,
            ..report(name, String::new())
        };
        let run = |sources| SyncSummary { run_id: 1, sources };
        let skipped = run(vec![
            src("fara:registrants", RunStatus::Skipped),
            src("documents", RunStatus::Skipped),
            src("takedowns:curated", RunStatus::Ok),
            src("takedowns:meta", RunStatus::Skipped),
            src("match", RunStatus::Ok),
        ]);
        assert!(skipped.all_skipped());
        let some = run(vec![
            src("fara:registrants", RunStatus::Ok),
            src("documents", RunStatus::Skipped),
        ]);
        assert!(!some.all_skipped());
        // `--only match` reads nothing upstream, and is not "all skipped"; nor is
        // `--only takedowns --from DIR`, where Meta is never read.
        assert!(!run(vec![src("match", RunStatus::Ok)]).all_skipped());
        let takedowns = run(vec![
            src("takedowns:curated", RunStatus::Ok),
            src("takedowns:meta", RunStatus::Skipped),
        ]);
        assert!(!takedowns.all_skipped());
    }

    #[test]
    fn check_mirror_names_the_directory_and_the_paths_looked_for() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("no-such-mirror");
        let e = check_mirror(&missing, None).unwrap_err().to_string();
        assert!(
            e.contains("no-such-mirror") && e.contains("does not exist"),
            "{e}"
        );
        assert!(e.contains("bulk/zip/FARA_All_Registrants.csv.zip"), "{e}");
        let e = check_mirror(tmp.path(), None).unwrap_err().to_string();
        assert!(e.contains("holds none of the files"), "{e}");
        assert!(e.contains("api/v1/Registrants/json/New"), "{e}");
        assert!(check_mirror(tmp.path(), Some(Stage::Match)).is_ok());
        std::fs::create_dir_all(tmp.path().join("bulk/zip")).unwrap();
        std::fs::write(
            tmp.path().join("bulk/zip/FARA_All_ShortForms.csv.zip"),
            b"x",
        )
        .unwrap();
        assert!(check_mirror(tmp.path(), None).is_ok());
        assert!(check_mirror(tmp.path(), Some(Stage::Documents)).is_err());
    }

    #[test]
    fn health_warns_on_drops_header_changes_and_reject_jumps() {
        let prev = SourceState {
            row_count: Some(1000),
            header: Some("a,b".into()),
            rejected: Some(2),
            ..Default::default()
        };
        let ok = LoadHealth {
            header: "a,b".into(),
            rows: 990,
            rejected: 3,
        };
        assert!(health_warnings("s", Some(&prev), &ok).is_empty());
        let dropped = LoadHealth {
            rows: 500,
            ..ok.clone()
        };
        assert!(health_warnings("s", Some(&prev), &dropped)[0].contains("dropped"));
        let header = LoadHealth {
            header: "a,c".into(),
            ..ok.clone()
        };
        assert!(health_warnings("s", Some(&prev), &header)[0].contains("header"));
        let rejects = LoadHealth {
            rejected: 40,
            ..ok.clone()
        };
        assert!(health_warnings("s", Some(&prev), &rejects)[0].contains("jumped"));
        // No history: only the absolute check applies.
        let bad = LoadHealth {
            header: "a".into(),
            rows: 100,
            rejected: 10,
        };
        assert_eq!(health_warnings("s", None, &bad).len(), 1);
    }

    #[test]
    fn intervals_take_seconds_minutes_hours_and_days() {
        assert_eq!(
            parse_interval("30m"),
            Ok(std::time::Duration::from_secs(1800))
        );
        assert_eq!(
            parse_interval("6h"),
            Ok(std::time::Duration::from_secs(21_600))
        );
        assert_eq!(
            parse_interval("1d"),
            Ok(std::time::Duration::from_secs(86_400))
        );
        assert_eq!(
            parse_interval("90s"),
            Ok(std::time::Duration::from_secs(90))
        );
        assert!(parse_interval("0h").is_err());
        assert!(parse_interval("6 weeks").is_err());
        assert!(parse_interval("h").is_err());
    }

    #[test]
    fn api_window_trails_the_newest_bulk_date() {
        let today: Date = "2025-04-20".parse().unwrap();
        let (from, to) = api_window(Some("2025-04-11".parse().unwrap()), today, 30);
        assert_eq!(from.to_string(), "2025-03-12");
        assert_eq!(to, today);
        let (from, _) = api_window(None, today, 7);
        assert_eq!(from.to_string(), "2025-04-13");
        assert_eq!(mdy(today), "04-20-2025");
    }
}
