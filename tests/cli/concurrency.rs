//! Several programs on one library at once: writers queue on SQLite's busy timeout, a writer
//! that waits too long is told "library busy", and nothing is ever corrupted.

use proofpack_tests::{Sandbox, WriteLock};

#[test]
fn a_held_write_lock_gives_a_clear_busy_error_and_changes_nothing() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let file = sb.file("order.png", b"order page");
    let lock = WriteLock::hold(&sb.library());

    let r = sb.run(&["--json", "case", "new", "while locked"]);
    assert_eq!(r.code, 5, "{}", r.stdout);
    let err = &r.json()["error"];
    assert_eq!(err["code"], "busy");
    assert!(err["message"].as_str().unwrap().contains("busy"));
    assert!(err["message_zh"].as_str().unwrap().contains("正忙"));
    let r = sb.run(&["add", &case, file.to_str().unwrap()]);
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("library is busy"), "{}", r.stderr);
    // Readers are not blocked by a writer.
    assert_eq!(sb.ok_json(&["case", "list"]).as_array().unwrap().len(), 1);

    drop(lock);
    assert_eq!(sb.ok_json(&["items", &case]).as_array().unwrap().len(), 0);
    let r = sb.run(&["add", &case, file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

#[test]
fn two_writers_at_once_queue_and_both_land() {
    let sb = Sandbox::new();
    let a = sb.vip_case();
    let b = sb.ok_json(&["case", "new", "second"])["id"].to_string();
    let batches = 6;
    let per_batch = 15;
    std::thread::scope(|s| {
        for (writer, case) in [(0, &a), (1, &b)] {
            let sb = &sb;
            s.spawn(move || {
                for batch in 0..batches {
                    let files: Vec<_> = (0..per_batch)
                        .map(|i| {
                            let body = format!("writer {writer} batch {batch} file {i}");
                            sb.file(&format!("w{writer}/b{batch}/f{i}.txt"), body.as_bytes())
                        })
                        .collect();
                    let r = sb.run_paths(&["add", case], &files);
                    assert_eq!(r.code, 0, "writer {writer}: {}", r.stderr);
                    let note = format!("batch {batch} done");
                    let r = sb.run(&["case", "edit", case, "--notes", &note]);
                    assert_eq!(r.code, 0, "writer {writer}: {}", r.stderr);
                }
            });
        }
    });
    for case in [&a, &b] {
        let items = sb.ok_json(&["items", case]);
        assert_eq!(items.as_array().unwrap().len(), batches * per_batch);
    }
    let v = sb.ok_json(&["verify"]);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["objects_checked"], 2 * batches * per_batch);
}
