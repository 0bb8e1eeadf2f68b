//! `faralink serve [--addr 127.0.0.1:8080]`: the local web UI (see `faralink::web`).

use std::net::SocketAddr;

use super::{Exit, existing_db_path};
use crate::Cli;

/// The options of `faralink serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on; the default is reachable from this machine only
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    addr: SocketAddr,
}

/// Runs `faralink serve`: prints its output, and returns the exit code.
pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<Exit> {
    let db = existing_db_path(cli)?;
    // Open once read-write so the schema is current; the server itself only reads (and
    // writes review verdicts).
    drop(faralink::db::open(&db)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(faralink::web::serve(
        &db,
        args.addr,
        cli.fara_url.as_str(),
        !cli.is_quiet(),
    ))?;
    Ok(Exit::Success)
}
