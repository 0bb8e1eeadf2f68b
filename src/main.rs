//! The `faralink` command line: parses arguments, sets up logging, runs one subcommand and
//! turns its outcome into an exit code. Each subcommand lives in its own file under `cmd/`.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Link FARA foreign-agent registrations to the influence networks platforms take down.
#[derive(Debug, Parser)]
#[command(name = "faralink", version, about, propagate_version = true)]
pub struct Cli {
    /// The SQLite database [default: $FARALINK_HOME/faralink.db, else ~/.local/share/faralink/faralink.db]
    #[arg(long, env = "FARALINK_DB", global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// Base of the FARA eFile site (API, bulk zips, documents)
    #[arg(
        long,
        env = faralink::sources::FARA.env,
        global = true,
        default_value = faralink::sources::FARA.default_url,
        value_name = "URL"
    )]
    fara_url: url::Url,

    /// A contact (email or URL) added to the User-Agent so DOJ can reach you
    #[arg(long, env = "FARALINK_CONTACT", global = true, value_name = "CONTACT")]
    contact: Option<String>,

    /// Requests allowed per rolling window to one host, as REQUESTS/SECONDS [default: 4/10.5].
    /// DOJ documents 5 per rolling 10 s and answers 429 past it; the default stays under that.
    #[arg(long, env = "FARALINK_RATE", global = true, value_name = "N/SECS")]
    rate: Option<cmd::RateArg>,

    /// More logging (-v info, -vv debug); RUST_LOG overrides
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "quiet")]
    verbose: u8,

    /// Less output: errors only, and no progress bars
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    quiet: u8,

    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// `-q`: errors and warnings only. A command prints the data it was asked for and nothing
    /// else: no summary, no note, no confirmation (a cron job mails whatever is printed).
    pub fn is_quiet(&self) -> bool {
        self.quiet > 0
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Pull everything new (FARA metadata, then documents, then takedowns) into the database
    Sync(cmd::sync::Args),
    /// Row counts, the last sync of each source, rejected rows and warnings
    Status(cmd::status::Args),
    /// The remote sources, their base URLs and the env vars that override them
    Sources(cmd::sources::Args),
    /// Find firms, foreign principals, takedowns and document text by name
    Search(cmd::search::Args),
    /// The dossier of one registrant: principals, agreements, filings, linked takedowns
    Show(cmd::show::Args),
    /// Print a table or view to stdout as CSV or JSON, or Datasette metadata
    Export(cmd::export::Args),
    /// Platform takedown records: import a file, list them
    Takedowns(cmd::takedowns::Args),
    /// The local web UI: search, firm dossiers, takedowns, reviews (read-only but for reviews)
    Serve(cmd::serve::Args),
    /// Links between FARA registrants (and their principals) and takedowns, with evidence
    Links(cmd::links::Args),
    /// Confirm or reject a link; the verdict survives every later sync
    Review(cmd::review::Args),
    /// What sync runs changed (the latest by default), watched firms and countries first
    Changes(cmd::changes::Args),
    /// Firms and countries whose changes the digest lists first: add, remove, list
    Watch(cmd::watch::Args),
    /// Totals of reported receipts (supplemental statements, 14(a)) per country, registrant or
    /// principal, calendar year and currency
    Money(cmd::money::Args),
    /// Who represents a country now: active registrants with an active principal from it,
    /// their agreements and receipts, and the takedowns that name it
    Country(cmd::country::Args),
    /// Internal: print the text of one PDF (the isolated reader `sync` runs per document)
    #[command(name = "__extract-text", hide = true)]
    ExtractText { path: PathBuf },
}

/// mimalloc instead of glibc's malloc: a first sync allocates and frees ~300,000 small strings
/// per file on three threads, and glibc's per-thread arenas paid for it in page faults,
/// mprotect and munmap (a third of the CPU time). Measured over 100 interleaved runs of the
/// full first load: median 117 ms with glibc, 100 ms with mimalloc (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The PDF reader child's stderr is the recorded reason for a failure: no log lines there.
    if !matches!(cli.command, Command::ExtractText { .. }) {
        init_logging(cli.verbose, cli.quiet);
    }
    let result = match &cli.command {
        Command::Sync(a) => cmd::sync::run(&cli, a),
        Command::Status(a) => cmd::status::run(&cli, a),
        Command::Sources(a) => cmd::sources::run(&cli, a),
        Command::Search(a) => cmd::search::run(&cli, a),
        Command::Show(a) => cmd::show::run(&cli, a),
        Command::Export(a) => cmd::export::run(&cli, a),
        Command::Serve(a) => cmd::serve::run(&cli, a),
        Command::ExtractText { path } => extract_text(path),
        Command::Takedowns(a) => cmd::takedowns::run(&cli, a),
        Command::Links(a) => cmd::links::run(&cli, a),
        Command::Review(a) => cmd::review::run(&cli, a),
        Command::Changes(a) => cmd::changes::run(&cli, a),
        Command::Watch(a) => cmd::watch::run(&cli, a),
        Command::Money(a) => cmd::money::run(&cli, a),
        Command::Country(a) => cmd::country::run(&cli, a),
    };
    match result {
        Ok(code) => code.into(),
        Err(e) if cmd::is_broken_pipe(&e) => cmd::Exit::Success.into(),
        Err(e) => {
            eprintln!("error: {}", cmd::error_message(&e));
            cmd::Exit::Failure.into()
        }
    }
}

/// The child side of `documents::text::extract_isolated`: text to stdout, a reason to stderr.
fn extract_text(path: &std::path::Path) -> anyhow::Result<cmd::Exit> {
    use std::io::Write;
    // A panic inside the PDF reader is caught and reported as a reason; keep the default
    // hook's backtrace noise out of stderr, which becomes the recorded reason.
    std::panic::set_hook(Box::new(|_| {}));
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    match faralink::documents::text::extract_here(&bytes) {
        Ok(text) => {
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(cmd::Exit::Success)
        }
        Err(why) => {
            eprintln!("{why}");
            Ok(cmd::Exit::Failure)
        }
    }
}

fn init_logging(verbose: u8, quiet: u8) {
    let level = match (verbose, quiet) {
        (_, 1) => "error",
        (_, q) if q > 1 => "off",
        (0, _) => "warn",
        (1, _) => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{level},hyper=warn,reqwest=warn,rustls=warn"))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
