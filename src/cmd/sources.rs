//! `faralink sources`: each remote source, its base URL in effect and the env var for it.

use std::io::Write;

use faralink::sources::{SOURCES, base_url};

use super::Exit;
use crate::Cli;

/// The options of `faralink sources`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// Runs `faralink sources`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let rows: Vec<serde_json::Value> = SOURCES
        .iter()
        .map(|s| {
            // --fara-url wins over the env var for FARA, as for every global option.
            let url = if s.name == "fara" { cli.fara_url.to_string() } else { base_url(s.name).unwrap_or_default() };
            serde_json::json!({ "name": s.name, "base_url": url.trim_end_matches('/'), "env": s.env, "default": s.default_url, "description": s.description })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        for r in &rows {
            writeln!(
                out,
                "{:<14} {:<56} {}",
                r["name"].as_str().unwrap_or(""),
                r["base_url"].as_str().unwrap_or(""),
                r["env"].as_str().unwrap_or("")
            )?;
            writeln!(
                out,
                "               {}",
                r["description"].as_str().unwrap_or("")
            )?;
        }
    }
    Ok(Exit::Success)
}
