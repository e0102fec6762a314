//! The worker threads, started before any command: as many as `RAYON_NUM_THREADS` asks
//! (rayon's own variable; one per CPU when it is unset, empty, 0 or not a number), but never
//! more than [`MAX_THREADS`], and never a crash when the system refuses them.

use super::Exit;

/// More threads than this give no speed on any machine smpolicy runs on; a value such as
/// `99999999999` would make the system refuse one after thousands, and rayon stop the
/// process.
pub(crate) const MAX_THREADS: usize = 256;

/// The number of threads asked for, read as rayon reads its variables
/// (`RAYON_NUM_THREADS`, then the older `RAYON_RS_NUM_CPUS`), with the variable that asked:
/// `None` for the default (one per CPU).
fn asked(num_threads: Option<&str>, num_cpus: Option<&str>) -> Option<(&'static str, usize)> {
    let number = |v: Option<&str>| v.and_then(|s| s.parse::<usize>().ok());
    match number(num_threads) {
        Some(0) => None,
        Some(n) => Some(("RAYON_NUM_THREADS", n)),
        None => number(num_cpus)
            .filter(|n| *n > 0)
            .map(|n| ("RAYON_RS_NUM_CPUS", n)),
    }
}

/// Starts the threads; on failure, says why and returns the exit code.
pub(crate) fn start() -> Result<(), Exit> {
    let var = |name: &str| std::env::var(name).ok();
    let count = match asked(
        var("RAYON_NUM_THREADS").as_deref(),
        var("RAYON_RS_NUM_CPUS").as_deref(),
    ) {
        Some((name, n)) if n > MAX_THREADS => {
            say!("{name}={n} asks for more threads than smpolicy starts: using {MAX_THREADS}");
            MAX_THREADS
        }
        Some((_, n)) => n,
        None => 0,
    };
    let first = rayon::ThreadPoolBuilder::new()
        .num_threads(count)
        .build_global();
    let Err(e) = first else {
        return Ok(());
    };
    // The system would not start that many (a limit on processes, on memory): one thread
    // does the same work, more slowly, into the same bytes.
    if rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .is_ok()
    {
        say!("cannot start the worker threads ({e}): working with one");
        return Ok(());
    }
    eprintln!("error: cannot start a worker thread: {e}");
    Err(Exit::Environment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variables_are_read_as_rayon_reads_them() {
        let t = |v: &str| asked(Some(v), None);
        assert_eq!(asked(None, None), None);
        for default in ["", "abc", "-1", "0", " 4", "99999999999999999999999"] {
            assert_eq!(t(default), None, "{default:?}");
        }
        assert_eq!(t("4"), Some(("RAYON_NUM_THREADS", 4)));
        assert_eq!(
            t("99999999999"),
            Some(("RAYON_NUM_THREADS", 99_999_999_999))
        );
        assert_eq!(asked(Some("x"), Some("3")), Some(("RAYON_RS_NUM_CPUS", 3)));
        assert_eq!(asked(Some("2"), Some("3")), Some(("RAYON_NUM_THREADS", 2)));
        assert_eq!(asked(Some("0"), Some("3")), None);
    }
}
