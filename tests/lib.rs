//! Helpers for the black-box tests: run the real `proofpack` binary against a temp library.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built CLI: $PROOFPACK_BIN, else `proofpack` beside this test's target folder
/// (`cargo test` at the workspace root builds it).
pub fn bin() -> PathBuf {
    if let Some(p) = std::env::var_os("PROOFPACK_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test exe path");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let bin = dir.join("proofpack");
    assert!(
        bin.exists(),
        "{} not built: run `cargo build -p proofpack-cli` first",
        bin.display()
    );
    bin
}

/// A throwaway library plus a folder for source files.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// A run with its cost: the child's own peak RSS and its wall time.
pub struct Measured {
    pub run: Run,
    pub peak_kib: i64,
    pub secs: f64,
    /// Killed at the time limit.
    pub timed_out: bool,
}

/// Runs `cmd`, killing it after `limit`, and reaps it with wait4 so the peak RSS is this
/// child's own (other tests spawn children of their own at the same time).
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which also yields its rusage
pub fn run_bounded(mut cmd: Command, limit: std::time::Duration) -> Measured {
    use std::io::Read;
    use std::process::Stdio;
    let started = std::time::Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run proofpack");
    let pid = child.id() as libc::pid_t;
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let (reaped, watch) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let killed = watch.recv_timeout(limit).is_err();
        if killed {
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        killed
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    let secs = started.elapsed().as_secs_f64();
    let _ = reaped.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Measured {
        run: Run {
            code,
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
        },
        peak_kib: usage.ru_maxrss,
        secs,
        timed_out,
    }
}

/// Runs a pack's verify.html in headless Chromium from file://, offline
/// (ui/scripts/verify-html.mjs), and returns what the page concluded: {ok, verdict, problems:
/// [{key, text}], lang, summary}. The page must not use the network nor throw.
pub fn verify_html(page: &Path, pack: &Path, mode: &str, lang: &str) -> serde_json::Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/scripts/verify-html.mjs");
    let out = Command::new("node")
        .arg(&script)
        .args([page.to_str().unwrap(), pack.to_str().unwrap(), mode, lang])
        .output()
        .expect("node (and `make npm-deps` for playwright-core) must be installed");
    assert!(
        out.status.success(),
        "verify-html.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["requests"],
        serde_json::json!([]),
        "the page used the network"
    );
    assert_eq!(v["errors"], serde_json::json!([]), "script errors: {v}");
    v
}

/// The verifier page exactly as packs carry it.
pub fn verify_html_page() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets/verify.html")
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("src")).expect("src dir");
        Sandbox { dir }
    }

    pub fn library(&self) -> PathBuf {
        self.dir.path().join("library")
    }

    pub fn src(&self) -> PathBuf {
        self.dir.path().join("src")
    }

    /// Writes a source file and returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.src().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write source file");
        p
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.arg("--library")
            .arg(self.library())
            .env_remove("PROOFPACK_LIBRARY")
            .env("LANG", "C");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.cmd()
            .args(args)
            .output()
            .expect("run proofpack")
            .into()
    }

    pub fn run_paths(&self, args: &[&str], paths: &[PathBuf]) -> Run {
        self.cmd()
            .args(args)
            .args(paths)
            .output()
            .expect("run proofpack")
            .into()
    }

    /// `--json` run that must exit 0.
    pub fn ok_json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.run(&a);
        assert_eq!(
            r.code, 0,
            "proofpack {args:?} failed:\n{}\n{}",
            r.stdout, r.stderr
        );
        r.json()
    }

    /// The purchase most scenarios share: order 202611020001, ¥68, paid 2026-11-02; returns its id.
    /// The sample case with its composed request letter saved, then its first item withdrawn:
    /// the letter now cites files by numbers the pack gives to others. Returns the case id.
    pub fn demo_with_stale_letter(&self) -> String {
        let case = self.ok_json(&["demo"])["id"].to_string();
        let composed = self.ok_json(&["letter", &case])["text"]
            .as_str()
            .unwrap()
            .to_string();
        let file = self.file("letter.txt", composed.as_bytes());
        self.ok_json(&["letter", &case, "--save", file.to_str().unwrap()]);
        assert_eq!(
            self.ok_json(&["letter", &case])["stale"],
            serde_json::json!([])
        );
        let first = self.ok_json(&["items", &case])[0]["id"].to_string();
        self.ok_json(&["withdraw", &first, "--reason", "传错了"]);
        case
    }

    pub fn vip_case(&self) -> String {
        self.ok_json(&[
            "case",
            "new",
            "VIP",
            "--order",
            "202611020001",
            "--amount",
            "68",
            "--paid-at",
            "2026-11-02",
        ])["id"]
            .to_string()
    }

    /// `--json` output of a command whose exit code may be non-zero (doctor, verify-bundle).
    pub fn ok_json_code(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", r.stdout))
    }

    /// What the sqlite3 shell prints for `sql` on the library database, trimmed.
    pub fn sqlite_out(&self, sql: &str) -> String {
        let out = Command::new("sqlite3")
            .arg(self.library().join("proofpack.db"))
            .arg(sql)
            .output()
            .expect("sqlite3 is installed (make deps)");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// SQLite's own `PRAGMA integrity_check` of the library ("ok" when sound).
    pub fn integrity(&self) -> String {
        self.sqlite_out("PRAGMA integrity_check")
    }

    /// Runs a statement on the library database with the sqlite3 shell, as a tamperer would.
    pub fn sqlite(&self, sql: &str) {
        let out = Command::new("sqlite3")
            .arg(self.library().join("proofpack.db"))
            .arg(sql)
            .output()
            .expect("sqlite3 is installed (make deps)");
        assert!(
            out.status.success(),
            "sqlite3: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// xorshift64*: a small deterministic generator, so a failing run replays from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform enough below `n` for tests.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// A file under tests/fixtures, e.g. `fixture("bill/alipay_2025.csv")`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Every file below `root` (not following links), sorted.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() && !p.is_symlink() {
                dirs.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Flips one bit in the middle of the stored data of ZIP entry `name`: a tampered original.
pub fn tamper_zip_entry(zip: &Path, name: &str) {
    let (start, len) = {
        let mut z = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
        let f = z.by_name(name).unwrap();
        (
            f.data_start().unwrap() as usize,
            f.compressed_size() as usize,
        )
    };
    let mut bytes = std::fs::read(zip).unwrap();
    bytes[start + len / 2] ^= 1;
    std::fs::write(zip, bytes).unwrap();
}

/// A tmpfs of `size` mounted on `dir`; unmounted when dropped, also when the test fails.
/// Mounting needs root (CI runs as root): elsewhere `mount` answers None and says so.
pub struct Tmpfs {
    pub dir: PathBuf,
}

/// Skips where a developer cannot mount; with `PROOFPACK_REQUIRE_TMPFS=1` (set by .ci/run) a
/// skip is a failure, so CI never passes without running these tests.
fn skip(why: String) -> Option<Tmpfs> {
    if std::env::var_os("PROOFPACK_REQUIRE_TMPFS").is_some() {
        panic!("PROOFPACK_REQUIRE_TMPFS is set but {why}");
    }
    eprintln!("SKIPPED: {why}");
    None
}

impl Tmpfs {
    pub fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        if unsafe { libc::geteuid() } != 0 {
            return skip("mounting a tmpfs needs root (CI runs these tests as root)".into());
        }
        std::fs::create_dir_all(dir).expect("mount point");
        let opts = format!("size={size}");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &opts, "tmpfs", path_str(dir)])
            .output()
            .expect("mount");
        if !out.status.success() {
            // Root in a container without CAP_SYS_ADMIN.
            return skip(format!(
                "this machine does not allow mounting a tmpfs: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Some(Tmpfs {
            dir: dir.to_path_buf(),
        })
    }

    pub fn remount_read_only(&self) {
        run_ok("mount", &["-o", "remount,ro", path_str(&self.dir)]);
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn run_ok(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd).args(args).output().expect(cmd);
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Another writer, as a second program would be: an sqlite3 shell holding the library's write
/// lock (BEGIN IMMEDIATE) until dropped.
pub struct WriteLock {
    shell: std::process::Child,
}

impl WriteLock {
    pub fn hold(library: &Path) -> WriteLock {
        use std::io::{BufRead, Write};
        use std::process::Stdio;
        let mut shell = Command::new("sqlite3")
            .arg(library.join("proofpack.db"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("sqlite3 is installed (make deps)");
        let stdin = shell.stdin.as_mut().expect("stdin");
        stdin
            .write_all(b"BEGIN IMMEDIATE;\nSELECT 'locked';\n")
            .expect("write to sqlite3");
        stdin.flush().expect("flush");
        let mut line = String::new();
        std::io::BufReader::new(shell.stdout.as_mut().expect("stdout"))
            .read_line(&mut line)
            .expect("read from sqlite3");
        assert_eq!(line.trim(), "locked", "sqlite3 did not take the lock");
        WriteLock { shell }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        use std::io::Write;
        if let Some(stdin) = self.shell.stdin.as_mut() {
            let _ = stdin.write_all(b"ROLLBACK;\n.quit\n");
        }
        drop(self.shell.stdin.take());
        let _ = self.shell.wait();
    }
}

/// Every evidence number a report's text cites (证据1-1, and 1-2 listed after it), and the
/// numbers its index lists: a test fails on any reference that is not in the pack's own index.
pub fn report_numbers(pdf: &Path) -> (Vec<String>, Vec<String>) {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', "");
    // 证据1-1, and the numbers listed after it: 证据1-1、1-2、1-3.
    let is_number = |n: &str| {
        n.split_once('-').is_some_and(|(c, i)| {
            c.len() == 1
                && (1..=3).contains(&i.len())
                && c.chars().chain(i.chars()).all(|d| d.is_ascii_digit())
        })
    };
    let mut cited = Vec::new();
    for (i, m) in text.match_indices("证据") {
        for n in text[i + m.len()..].split('、') {
            let n: String = n
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            if !is_number(&n) {
                break;
            }
            cited.push(n);
        }
    }
    // The index is a table: each number is a cell, a line of its own in pdftotext's output.
    let raw = String::from_utf8_lossy(&out.stdout);
    let index = raw.find("证据目录").expect("index");
    let index_end = raw[index..]
        .find("截图与图片")
        .map_or(raw.len(), |e| index + e);
    let listed: Vec<String> = raw[index..index_end]
        .lines()
        .map(str::trim)
        .filter(|l| is_number(l))
        .map(String::from)
        .collect();
    (cited, listed)
}
