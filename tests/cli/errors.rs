//! Errors carry a stable code, both languages, and a documented exit code.

use proofpack_tests::Sandbox;

#[test]
fn unknown_ids_exit_3_with_a_json_error() {
    let sb = Sandbox::new();
    let r = sb.run(&["--json", "case", "show", "42"]);
    assert_eq!(r.code, 3);
    let e = &r.json()["error"];
    assert_eq!(e["code"], "case_not_found");
    assert_eq!(e["message"], "case 42 does not exist");
    assert_eq!(e["message_zh"], "案件 42 不存在");
    assert_eq!(sb.run(&["withdraw", "7", "--reason", "x"]).code, 3);
    assert_eq!(sb.run(&["add", "9", "/etc/hostname"]).code, 3);
}

#[test]
fn invalid_values_exit_4_naming_the_field() {
    let sb = Sandbox::new();
    let r = sb.run(&["case", "new", "t", "--amount", "68.005"]);
    assert_eq!(r.code, 4);
    assert!(
        r.stderr.contains("amount") && r.stderr.contains("two decimal"),
        "{}",
        r.stderr
    );
    let r = sb.run(&["--json", "case", "new", "t", "--paid-at", "yesterday"]);
    assert_eq!(r.code, 4);
    assert!(r.json()["error"]["message_zh"]
        .as_str()
        .unwrap()
        .contains("日期"));
    assert_eq!(sb.run(&["case", "new", "   "]).code, 4);
    sb.ok_json(&["case", "new", "ok"]);
    assert_eq!(
        sb.run(&["add", "1", "/etc/hostname", "--category", "food"])
            .code,
        4
    );
    assert_eq!(sb.run(&["case", "new"]).code, 2, "clap usage error");
}

#[test]
fn library_problems_exit_5() {
    let sb = Sandbox::new();
    let r = std::process::Command::new(proofpack_tests::bin())
        .arg("--library")
        .arg(sb.dir.path().join("no/such/parent/lib"))
        .args(["--json", "case", "list"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(5));
    let e: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(e["error"]["code"], "library_missing");

    sb.ok_json(&["case", "list"]);
    sb.sqlite("PRAGMA user_version = 999;");
    let r = sb.run(&["--json", "case", "list"]);
    assert_eq!(r.code, 5);
    assert_eq!(r.json()["error"]["code"], "schema_too_new");
}

#[test]
fn library_from_environment_variable() {
    let sb = Sandbox::new();
    let lib = sb.dir.path().join("env-lib");
    let out = std::process::Command::new(proofpack_tests::bin())
        .env("PROOFPACK_LIBRARY", &lib)
        .args(["--json", "case", "new", "via env"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(lib.join("proofpack.db").exists());
}
