//! Whole-process benchmark of `smpolicy build` on the example, plus the in-process stages.
//!
//! Run with `cargo bench --bench build`. Prints wall time per build (min, median, mean) over
//! repeated runs of the release binary, the peak resident memory of those processes, and
//! the time of each stage measured in process. Not a test: nothing here fails on a figure.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use smpolicy::compile;
use smpolicy::render::templates::TemplateSet;

/// The binary's allocator, so the in-process stages run as they do in `smpolicy build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = v.iter().map(|d| ms(*d)).sum::<f64>() / v.len() as f64;
    (ms(v[0]), ms(v[v.len() / 2]), mean)
}

fn peak_rss_children_kib() -> i64 {
    // SAFETY: getrusage writes into the struct we pass and has no other effect.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc == 0 { usage.ru_maxrss } else { -1 }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("policy-src");
    let tmp = std::env::temp_dir().join(format!("smpolicy-bench-{}", std::process::id()));
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);

    // Whole process, as a user runs it.
    let mut times = Vec::with_capacity(runs);
    for i in 0..=runs {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_smpolicy"))
            .args(["build", src.to_str().unwrap_or("policy-src"), "--out"])
            .arg(&tmp)
            .stderr(std::process::Stdio::null())
            .status()
            .expect("the smpolicy binary runs");
        let elapsed = start.elapsed();
        assert!(status.success(), "build failed");
        if i > 0 {
            times.push(elapsed); // the first run warms the file cache
        }
    }
    let (min, median, mean) = stats(times);
    println!("whole build of the example ({runs} runs, release binary, all formats):");
    println!("  wall time per build: min {min:.2} ms, median {median:.2} ms, mean {mean:.2} ms");
    println!(
        "  peak resident memory of a build: {} KiB",
        peak_rss_children_kib()
    );

    // Stages, in process.
    let set = TemplateSet::builtin();
    let mut check_t = Vec::new();
    let mut render_t = Vec::new();
    let mut artifacts = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let checked = compile::check(&src, &set);
        check_t.push(t.elapsed());
        let t = Instant::now();
        let a = compile::render_all(&checked.orgs, &set, &Default::default()).expect("render");
        render_t.push(t.elapsed());
        artifacts = a.len();
    }
    let (cmin, cmed, _) = stats(check_t);
    let (rmin, rmed, _) = stats(render_t);
    println!("stages (in process, {runs} runs):");
    println!("  load + validate: min {cmin:.2} ms, median {cmed:.2} ms");
    println!("  render {artifacts} artifacts: min {rmin:.2} ms, median {rmed:.2} ms");
    let _ = std::fs::remove_dir_all(&tmp);
}
