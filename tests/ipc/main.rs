//! The app's IPC surface is written in five places: the `#[tauri::command]` fns, the
//! `generate_handler!` list, build.rs's permission list, capabilities/default.json and the UI's
//! wrappers in ui/src/lib/api.ts. This reads all five from the sources and fails when they
//! disagree on a name, or when a wrapper's argument object does not name what the Rust fn takes
//! (tauri matches arguments by camelCase name at run time: a mismatch is only seen by a user).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Parameters a command takes from the app, not from the webview.
const INJECTED: [&str; 5] = ["State<", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// Each `#[tauri::command]` fn in src-tauri/src with the camelCase names of its webview arguments.
fn command_fns() -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let dir = root().join("src-tauri/src");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    files.sort_by_key(|f| f.path());
    for f in files {
        let text = std::fs::read_to_string(f.path()).unwrap();
        for chunk in text.split("#[tauri::command]").skip(1) {
            let sig = chunk.split('{').next().unwrap();
            let name = sig
                .split("fn ")
                .nth(1)
                .unwrap()
                .split(['(', '<'])
                .next()
                .unwrap()
                .trim();
            let params = in_parens(sig.split_once('(').unwrap().1);
            let args = split_params(params)
                .into_iter()
                .filter(|(_, ty)| !INJECTED.iter().any(|i| ty.trim_start().starts_with(i)))
                .map(|(n, _)| camel(&n))
                .collect();
            assert!(out.insert(name.to_string(), args).is_none(), "{name} twice");
        }
    }
    out
}

/// The text up to the `)` that closes an already opened `(` (a return type may hold `()`).
fn in_parens(after_open: &str) -> &str {
    let mut depth = 1;
    for (i, c) in after_open.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &after_open[..i];
                }
            }
            _ => {}
        }
    }
    panic!("unclosed parameter list: {after_open}")
}

/// `a: T, b: Channel<X>` -> [(a, T), (b, Channel<X>)], commas inside `<>` kept.
fn split_params(params: &str) -> Vec<(String, String)> {
    let (mut depth, mut cur, mut parts) = (0i32, String::new(), Vec::new());
    for c in params.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    parts
        .into_iter()
        .filter_map(|p| {
            let (n, t) = p.split_once(':')?;
            Some((
                n.trim().trim_start_matches("mut ").to_string(),
                t.trim().to_string(),
            ))
        })
        .collect()
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The quoted names between `open` and the next `close` in `text`.
fn quoted_between(text: &str, open: &str, close: &str) -> Vec<String> {
    let body = text.split_once(open).expect(open).1;
    let body = body.split_once(close).expect(close).0;
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn handler_list() -> BTreeSet<String> {
    let main = read("src-tauri/src/main.rs");
    let body = main
        .split_once("generate_handler![")
        .unwrap()
        .1
        .split_once(']')
        .unwrap()
        .0;
    body.split(',')
        .map(|p| p.trim().rsplit("::").next().unwrap().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn build_rs_list() -> BTreeSet<String> {
    quoted_between(&read("src-tauri/build.rs"), "COMMANDS: &[&str] = &[", "];")
        .into_iter()
        .collect()
}

fn capability_list() -> BTreeSet<String> {
    let cap: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/default.json")).unwrap();
    cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

/// Each `call<...>('name', { a, b: x })` in api.ts with the keys of its argument object.
fn ui_wrappers() -> BTreeMap<String, BTreeSet<String>> {
    let api = read("ui/src/lib/api.ts");
    let mut out = BTreeMap::new();
    for chunk in api.split("call<").skip(1) {
        // The type argument may hold `<>` itself (`ImportReport | null` does not, `Foo<Bar>` might).
        let Some(rest) = chunk.split_once(">('") else {
            continue;
        };
        let (name, after) = rest.1.split_once('\'').unwrap();
        let keys = after
            .trim_start_matches(',')
            .trim_start()
            .strip_prefix('{')
            .map(|obj| {
                obj.split_once('}')
                    .unwrap()
                    .0
                    .split(',')
                    .map(|k| k.split(':').next().unwrap().trim().to_string())
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            out.insert(name.to_string(), keys).is_none(),
            "{name} wrapped twice"
        );
    }
    out
}

#[test]
fn the_five_declarations_of_the_ipc_surface_agree() {
    let fns = command_fns();
    let names: BTreeSet<String> = fns.keys().cloned().collect();
    assert!(
        names.len() > 30,
        "found only {names:?}: did the sources move?"
    );
    assert_eq!(
        handler_list(),
        names,
        "generate_handler! in src-tauri/src/main.rs"
    );
    assert_eq!(build_rs_list(), names, "COMMANDS in src-tauri/build.rs");
    assert_eq!(
        capability_list(),
        names,
        "permissions in src-tauri/capabilities/default.json"
    );
    let ui = ui_wrappers();
    assert_eq!(
        ui.keys().cloned().collect::<BTreeSet<_>>(),
        names,
        "wrappers in ui/src/lib/api.ts"
    );
    for (name, args) in &fns {
        assert_eq!(
            &ui[name], args,
            "{name}: api.ts sends other arguments than the Rust fn takes"
        );
    }
}

#[test]
fn the_readers_see_what_they_should() {
    // The parsers above, on known text, so a blind spot in them cannot pass the test above.
    assert_eq!(camel("case_id"), "caseId");
    assert_eq!(camel("on_event"), "onEvent");
    let p = split_params("state: State<'_, AppState>, case_id: i64, on_event: Channel<Map<A, B>>");
    let names: Vec<_> = p.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["state", "case_id", "on_event"]);
    assert_eq!(in_parens("a: i64) -> CmdResult<()> {"), "a: i64");
    let fns = command_fns();
    let import: Vec<_> = fns["import_with_dialog"].iter().cloned().collect();
    assert_eq!(import, ["caseId", "folders", "onEvent"]);
    assert!(fns["list_cases"].is_empty());
    let ui = ui_wrappers();
    assert_eq!(ui["close_contact"].len(), 4);
    assert!(ui["create_demo"].is_empty());
}
