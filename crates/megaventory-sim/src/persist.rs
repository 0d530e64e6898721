//! `--state FILE`: a JSON snapshot plus an append-only journal (`FILE.journal`)
//! of every mutating request, written before the response leaves. Start-up
//! loads the snapshot and replays the journal, so state survives SIGKILL; a
//! clean shutdown compacts the journal into the snapshot.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::world::World;

#[derive(Serialize, Deserialize)]
pub struct JournalEntry {
    /// Simulated clock when the request was applied.
    pub t: i64,
    /// Account name (never the API key).
    pub account: String,
    /// API operation, or `_sim/<control>`.
    pub op: String,
    /// Case-folded request body without API keys.
    pub body: Value,
}

pub struct Persist {
    snapshot_path: PathBuf,
    journal_path: PathBuf,
    journal: BufWriter<File>,
}

#[derive(Deserialize)]
struct Snapshot {
    #[allow(dead_code)]
    version: u32,
    world: World,
}

#[derive(Serialize)]
struct SnapshotRef<'a> {
    version: u32,
    world: &'a World,
}

fn journal_path_for(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".journal");
    PathBuf::from(p)
}

impl Persist {
    /// Loads the snapshot (if any), opens the journal for appending, and returns the
    /// entries to replay as a lazy iterator (the journal can be large).
    pub fn open(path: &Path) -> std::io::Result<(Persist, Option<World>, impl Iterator<Item = JournalEntry>)> {
        let journal_path = journal_path_for(path);
        let world = match std::fs::read(path) {
            Ok(bytes) => {
                let snap: Snapshot = serde_json::from_slice(&bytes)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("state file {}: {e}", path.display())))?;
                let mut world = snap.world;
                for acc in &mut world.accounts {
                    acc.rebuild_indexes();
                }
                Some(world)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let entries = File::open(&journal_path)
            .ok()
            .map(|f| BufReader::new(f).lines())
            .into_iter()
            .flatten()
            .map_while(Result::ok)
            // A torn last line (killed mid-write) is skipped.
            .filter_map(|line| serde_json::from_str::<JournalEntry>(&line).ok());
        let journal = BufWriter::new(OpenOptions::new().create(true).append(true).open(&journal_path)?);
        Ok((Persist { snapshot_path: path.to_path_buf(), journal_path, journal }, world, entries))
    }

    pub fn append(&mut self, entry: &JournalEntry) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.journal, entry)?;
        self.journal.write_all(b"\n")?;
        // Handing the bytes to the kernel is enough to survive SIGKILL of this process.
        self.journal.flush()
    }

    /// Writes the snapshot atomically and empties the journal.
    pub fn compact(&mut self, world: &World) -> std::io::Result<()> {
        let tmp = {
            let mut p = self.snapshot_path.as_os_str().to_owned();
            p.push(".tmp");
            PathBuf::from(p)
        };
        {
            let mut w = BufWriter::new(File::create(&tmp)?);
            serde_json::to_writer(&mut w, &SnapshotRef { version: 1, world })?;
            w.flush()?;
            w.get_ref().sync_all()?;
        }
        std::fs::rename(&tmp, &self.snapshot_path)?;
        self.journal = BufWriter::new(File::create(&self.journal_path)?);
        Ok(())
    }
}
