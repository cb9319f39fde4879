//! The format version of each kind of file Pehchan reads, each with the oldest version it still
//! reads.

/// One kind of file's versions: the one this build writes and the range it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// What the file is, in messages ("record", "sync state"; empty for scenario files).
    pub what: &'static str,
    /// The version this build writes.
    pub current: u32,
    /// The oldest version this build still reads.
    pub oldest: u32,
}

impl Version {
    pub fn reads(&self, n: u32) -> bool {
        (self.oldest..=self.current).contains(&n)
    }

    /// "format 1" or "formats 1 to 3": what this build reads.
    pub fn readable(&self) -> String {
        if self.oldest == self.current {
            format!("format {}", self.current)
        } else {
            format!("formats {} to {}", self.oldest, self.current)
        }
    }

    /// "record format 2 is not supported: this version of Pehchan reads format 1".
    pub fn refusal(&self, found: u32) -> String {
        let what = if self.what.is_empty() {
            String::new()
        } else {
            format!("{} ", self.what)
        };
        format!(
            "{what}format {found} is not supported: this version of Pehchan reads {}",
            self.readable()
        )
    }
}

/// Scenario and curriculum files (a library is written and versioned together).
pub const SCENARIO: Version = Version {
    what: "",
    current: 1,
    oldest: 1,
};

/// Session records.
pub const RECORD: Version = Version {
    what: "record",
    current: 1,
    oldest: 1,
};

/// A workshop folder's workshop.ron.
pub const WORKSHOP: Version = Version {
    what: "",
    current: 1,
    oldest: 1,
};

/// A workshop's sync-state.json (what a Learning Record Store has accepted).
pub const SYNC_STATE: Version = Version {
    what: "sync state",
    current: 1,
    oldest: 1,
};

/// Knowledge-test records (a workshop's tests/ folder).
pub const TEST_RECORD: Version = Version {
    what: "test record",
    current: 1,
    oldest: 1,
};
