//! Crash safety: the CLI is SIGKILLed at random moments during imports, case edits and exports.
//! After each kill SQLite's integrity check passes, `verify` passes, no committed item is lost,
//! and whatever an export left behind is found by `doctor`. `make test` runs a short round
//! (FAULT_RUNS, default 12); `make test-faults` runs 210.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use proofpack_tests::{Rng, Sandbox};

fn item_count(sb: &Sandbox, case: &str) -> usize {
    sb.ok_json(&["items", case]).as_array().unwrap().len()
}

/// Round `round`'s files: new bytes each round, so an import always has something to add.
fn make_files(dir: &Path, round: usize, rng: &mut Rng) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..24 {
        let mut bytes = vec![0u8; 96 * 1024 + (rng.next_u64() % 4096) as usize];
        for (j, b) in bytes.iter_mut().enumerate().step_by(997) {
            *b = (rng.next_u64() as u8) ^ (j as u8);
        }
        bytes[..16].copy_from_slice(format!("round{round:04}file{i:03}").as_bytes());
        std::fs::write(dir.join(format!("shot-{round}-{i}.bin")), bytes).unwrap();
    }
}

fn spawn(sb: &Sandbox, args: &[&str]) -> Child {
    sb.cmd()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn killed_at_random_moments_the_library_stays_sound() {
    let runs: usize = std::env::var("FAULT_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let exports = sb.dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let mut rng = Rng::new(0x5eed);
    let mut committed = item_count(&sb, &case);
    let mut killed = 0;
    for round in 0..runs {
        let src = sb.dir.path().join(format!("src{round}"));
        let mut child = match round % 3 {
            0 => {
                make_files(&src, round, &mut rng);
                spawn(&sb, &["add", &case, src.to_str().unwrap()])
            }
            1 => spawn(
                &sb,
                &["case", "edit", &case, "--notes", &format!("round {round}")],
            ),
            _ => {
                let out = exports.join(format!("pack-{round}.zip"));
                spawn(&sb, &["export", &case, "--out", out.to_str().unwrap()])
            }
        };
        std::thread::sleep(Duration::from_millis(rng.next_u64() % 250));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        unsafe {
            libc::kill(child.id() as i32, libc::SIGKILL);
        }
        child.wait().unwrap();

        assert_eq!(sb.integrity(), "ok", "round {round}: database damaged");
        let v = sb.run(&["--json", "verify"]);
        assert_eq!(v.code, 0, "round {round}: verify failed: {}", v.stdout);
        let now = item_count(&sb, &case);
        assert!(
            now >= committed,
            "round {round}: committed items lost ({committed} -> {now})"
        );
        committed = now;
    }
    eprintln!("fault rounds: {runs}, killed mid-run: {killed}, items committed: {committed}");
    assert!(
        killed * 3 >= runs,
        "most rounds should be killed mid-run ({killed} of {runs})"
    );
    // A killed export leaves at most its temp file, which doctor finds; a finished one verifies.
    let report = sb.ok_json_code(&["doctor", "--scan", exports.to_str().unwrap()]);
    let leftovers = report["leftovers"].as_array().unwrap();
    for entry in std::fs::read_dir(&exports).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".proofpack-export-") {
            assert!(
                leftovers
                    .iter()
                    .any(|l| l["path"].as_str().unwrap().contains(&name)),
                "{name} not reported by doctor"
            );
        } else {
            let r = sb.run(&["verify-bundle", entry.path().to_str().unwrap()]);
            assert_eq!(r.code, 0, "{name}: {}", r.stdout);
        }
    }
}
