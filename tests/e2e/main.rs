//! The built app, end to end, as a user drives it: through tauri-driver and WebKitWebDriver,
//! under a display (`make e2e` runs it under xvfb-run and dbus-run-session).
//!
//! Needs: the app built with the `custom-protocol` feature (PROOFPACK_APP_BIN or
//! target/debug/proofpack-app), `tauri-driver` on PATH, WebKitWebDriver installed.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use proofpack_tests::Sandbox;

const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

fn app_binary() -> PathBuf {
    let p = std::env::var_os("PROOFPACK_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().unwrap();
            exe.parent()
                .and_then(Path::parent)
                .unwrap()
                .join("proofpack-app")
        });
    assert!(
        p.exists(),
        "app binary {} missing: run `make app`",
        p.display()
    );
    p.canonicalize().unwrap()
}

/// tauri-driver, started with the app's environment (it ignores env in capabilities), in its
/// own process group so that WebKitWebDriver and the app go down with it.
struct Driver(Child);

impl Driver {
    fn start(env: &[(&str, &Path)]) -> Driver {
        use std::os::unix::process::CommandExt;
        wait_port_free(DRIVER_PORT);
        wait_port_free(NATIVE_PORT);
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &DRIVER_PORT.to_string(),
            "--native-port",
            &NATIVE_PORT.to_string(),
        ])
        .env("NO_AT_BRIDGE", "1")
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", DRIVER_PORT)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {DRIVER_PORT}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver(child)
    }
}

/// A previous session's driver may still be shutting down.
fn wait_port_free(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(Instant::now() < deadline, "port {port} is still in use");
        std::thread::sleep(Duration::from_millis(200));
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = -(self.0.id() as i32);
        unsafe {
            libc::kill(group, libc::SIGTERM);
        }
        let _ = self.0.wait();
        std::thread::sleep(Duration::from_millis(300));
        unsafe {
            libc::kill(group, libc::SIGKILL);
        }
    }
}

/// Opens the WebDriver session, which launches the app. Under load WebKitWebDriver now and
/// then drops the very first request (IncompleteMessage) while the previous test's app is still
/// exiting; that is the harness starting, not the app misbehaving, so it is tried three times.
async fn connect() -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app_binary() }),
    );
    let mut last = None;
    for _ in 0..3 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
            .await
        {
            Ok(c) => return c,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    panic!("WebDriver session with the app: {last:?}")
}

fn id(test_id: &str) -> String {
    format!("[data-testid=\"{test_id}\"]")
}

async fn wait_for(c: &Client, test_id: &str) -> Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&id(test_id)))
        .await
        .unwrap_or_else(|e| panic!("{test_id} never appeared: {e}"))
}

async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The rendered text (innerText). WebKitWebDriver's own Get Element Text answers "" for the
/// grid cells (its visibility atom trips over them), so read what the page renders directly.
async fn inner_text(c: &Client, el: &Element) -> String {
    let arg = serde_json::to_value(el).unwrap();
    let v = c
        .execute("return arguments[0].innerText", vec![arg])
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_string()
}

/// Starts the app on the sandbox's library; the native file dialog will "pick" `files`.
async fn launch(sb: &Sandbox, files: &[PathBuf]) -> (Driver, Client) {
    launch_with(sb, files, &[]).await
}

/// As [`launch`], with more of the app's environment (the save and pack dialogs' stand-ins).
async fn launch_with(sb: &Sandbox, files: &[PathBuf], env: &[(&str, &Path)]) -> (Driver, Client) {
    let pick = PathBuf::from(std::env::join_paths(files).unwrap());
    let library = sb.library();
    let mut all = vec![
        ("PROOFPACK_LIBRARY", library.as_path()),
        ("PROOFPACK_E2E_PICK", pick.as_path()),
    ];
    all.extend_from_slice(env);
    let driver = Driver::start(&all);
    (driver, connect().await)
}

/// Fills the new-case form with (test id, text) pairs and submits it.
async fn create_case(c: &Client, fields: &[(&str, &str)]) {
    wait_for(c, "new-case").await.click().await.unwrap();
    for (test_id, text) in fields {
        type_into(c, test_id, text).await;
    }
    wait_for(c, "case-submit").await.click().await.unwrap();
}

/// Scrolls an element to the middle of the window first, so the sticky header cannot cover it.
async fn click_centered(c: &Client, test_id: &str) {
    let el = wait_for(c, test_id).await;
    let arg = serde_json::to_value(&el).unwrap();
    c.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
        .await
        .unwrap();
    el.click().await.unwrap();
}

async fn type_into(c: &Client, test_id: &str, text: &str) {
    wait_for(c, test_id).await.send_keys(text).await.unwrap();
}

async fn screenshot(c: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    if let Ok(png) = c.screenshot().await {
        std::fs::write(dir.join(name), png).unwrap();
    }
}

/// Waits until the items list shows exactly `n` rows.
async fn wait_item_rows(c: &Client, n: usize) {
    wait_until(&format!("{n} item rows"), || async {
        c.find_all(Locator::Css(&id("item-row")))
            .await
            .map(|v| v.len() == n)
            .unwrap_or(false)
    })
    .await;
}

/// Waits until the screenshots' reading has ended: its progress line moves the page while it
/// runs, and a click during it can land on the wrong element.
async fn wait_reading_done(c: &Client) {
    wait_until("the screenshots to be read", || async {
        c.find_all(Locator::Css(&id("ocr-progress")))
            .await
            .map(|v| v.is_empty())
            .unwrap_or(false)
    })
    .await;
}

/// Clicks "Verify integrity" and returns whether the result says the evidence is intact.
async fn verify_in_app(c: &Client) -> bool {
    click_centered(c, "verify").await;
    let result = wait_for(c, "verify-result").await;
    wait_until("verify result", || async {
        result.attr("data-ok").await.ok().flatten().is_some()
    })
    .await;
    result.attr("data-ok").await.unwrap().as_deref() == Some("true")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn create_case_import_two_files_and_verify() {
    let sb = Sandbox::new();
    let shot = sb.file("会员中心截图.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR e2e");
    let chat = sb.file(
        "<img src=x onerror=alert(1)>客服聊天.txt",
        "2026-11-03 10:00 客服: 无法退款".as_bytes(),
    );
    let (_driver, c) = launch(&sb, &[shot, chat]).await;

    // Create a case from the empty state.
    create_case(
        &c,
        &[
            ("case-title", "会员未到账 E2E"),
            ("case-platform", "某卡盟"),
            ("case-order", "202611020001"),
            ("case-amount", "68"),
        ],
    )
    .await;
    let heading = wait_for(&c, "case-heading").await;
    // The case page opens on readiness: three category cards, not ready while empty.
    let readiness = wait_for(&c, "readiness").await;
    wait_until("the checklist", || async {
        readiness.attr("data-ready").await.ok().flatten().is_some()
    })
    .await;
    // A new case's first step, Add files, is on screen without scrolling in an 820 px window.
    c.set_window_size(1280, 820).await.unwrap();
    let js = "window.scrollTo(0, 0); const b = document.querySelector('[data-testid=\"add-files\"]').getBoundingClientRect(); return [b.top, b.bottom, window.innerHeight];";
    let at = c.execute(js, vec![]).await.unwrap();
    let [top, bottom, height] = [0, 1, 2].map(|i| at[i].as_f64().unwrap());
    assert!(
        top >= 0.0 && bottom <= height,
        "Add files at {top}..{bottom} of {height} px"
    );
    screenshot(&c, "new-case-820.png").await;
    assert_eq!(
        readiness.attr("data-ready").await.unwrap().as_deref(),
        Some("false")
    );
    assert_eq!(
        c.find_all(Locator::Css(&id("readiness-card")))
            .await
            .unwrap()
            .len(),
        3
    );
    assert_eq!(heading.text().await.unwrap().trim(), "会员未到账 E2E");

    // Import two files; both are listed, names rendered as text.
    wait_for(&c, "add-files").await.click().await.unwrap();
    wait_for(&c, "import-summary").await;
    wait_for(&c, "view-list").await.click().await.unwrap();
    wait_item_rows(&c, 2).await;
    screenshot(&c, "case-with-items.png").await;
    let mut names = Vec::new();
    for el in c.find_all(Locator::Css(&id("item-name"))).await.unwrap() {
        names.push(inner_text(&c, &el).await.trim().to_string());
    }
    names.sort();
    assert_eq!(
        names,
        [
            "<img src=x onerror=alert(1)>客服聊天.txt",
            "会员中心截图.png"
        ]
    );
    assert!(
        c.find_all(Locator::Css("[data-testid=\"item-row\"] img"))
            .await
            .unwrap()
            .is_empty(),
        "markup in names must not render"
    );
    screenshot(&c, "case-with-items.png").await;

    // Verify shows success.
    assert!(verify_in_app(&c).await, "verify should pass");
    screenshot(&c, "verified.png").await;

    // The language switch changes what the user reads.
    let before = c
        .find(Locator::Css(&id("verify")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    wait_for(&c, "lang-switch").await.click().await.unwrap();
    let after = c
        .find(Locator::Css(&id("verify")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_ne!(before, after, "verify button label should change language");
    screenshot(&c, "switched-language.png").await;
    c.close().await.unwrap();

    // What the app wrote is a sound library: the CLI agrees.
    let v = sb.ok_json(&["verify"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["objects_checked"], 2);
    assert_eq!(sb.ok_json(&["case", "list"])[0]["order_no"], "202611020001");
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/e2e")
        .join(name)
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn evidence_is_understood_suggested_and_confirmed() {
    let sb = Sandbox::new();
    let shot = sb.file(
        "membership-status.png",
        &std::fs::read(fixture("membership-status.png")).unwrap(),
    );
    let chat = sb.file(
        "客服聊天记录.txt",
        &std::fs::read(fixture("support-chat.txt")).unwrap(),
    );
    let (_driver, c) = launch(&sb, &[shot, chat]).await;
    create_case(
        &c,
        &[
            ("case-title", "VIP not activated"),
            ("case-order", "202611020001"),
        ],
    )
    .await;
    wait_for(&c, "case-heading").await;
    wait_for(&c, "add-files").await.click().await.unwrap();
    wait_for(&c, "import-summary").await;

    // The grid shows the screenshot's thumbnail, served by item id over pp://. Reading the
    // screenshot shows a progress line above the list while it runs: wait for it to end, so
    // the page does not move under the click.
    wait_reading_done(&c).await;
    let grid = wait_for(&c, "view-grid").await;
    grid.click().await.unwrap();
    // Said apart from the cards: a click lost to a moving layout is not a list that never loaded.
    wait_until("the grid view to be chosen", || async {
        grid.attr("aria-pressed").await.ok().flatten().as_deref() == Some("true")
    })
    .await;
    wait_until("two grid cards", || async {
        c.find_all(Locator::Css(&id("grid-card")))
            .await
            .map(|v| v.len() == 2)
            .unwrap_or(false)
    })
    .await;
    wait_until("the thumbnail to load", || async {
        let js = "const i = document.querySelector('[data-testid=\"grid-card\"] img'); return !!i && i.complete && i.naturalWidth > 0;";
        c.execute(js, vec![]).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
    })
    .await;
    screenshot(&c, "grid.png").await;

    // At 900 px no category label is cut or covered by its "suggested" mark, in either view
    // or language (English names are the longest).
    c.set_window_size(900, 900).await.unwrap();
    let mut cut = Vec::new();
    for lang in ["zh-CN", "en"] {
        set_language(&c, lang).await;
        for view in ["view-list", "view-grid"] {
            click_centered(&c, view).await;
            wait_until("the view", || async {
                let v = wait_for(&c, view).await;
                v.attr("aria-pressed").await.ok().flatten().as_deref() == Some("true")
            })
            .await;
            let js = "document.querySelector('.item-row .cat, .grid-card .cat')?.scrollIntoView({block: 'center'})";
            c.execute(js, vec![]).await.unwrap();
            for label in clipped_categories(&c).await {
                cut.push(format!("{lang} {view}: {label}"));
            }
            screenshot(&c, &format!("categories-900-{lang}-{view}.png")).await;
        }
    }
    assert!(cut.is_empty(), "{cut:?}");
    set_language(&c, "zh-CN").await;
    c.set_window_size(1280, 900).await.unwrap();

    // Facts found in the chat are listed for the case.
    let facts = wait_for(&c, "facts-panel").await;
    wait_until("the ticket number among the facts", || async {
        inner_text(&c, &facts).await.contains("2026110300123")
    })
    .await;

    // Open the chat: the refusal is highlighted, the suggestion can be accepted.
    let mut chat_card = None;
    for card in c.find_all(Locator::Css(&id("grid-card"))).await.unwrap() {
        if inner_text(&c, &card).await.contains("客服聊天记录") {
            chat_card = Some(card);
        }
    }
    chat_card.expect("chat card").click().await.unwrap();
    wait_for(&c, "item-viewer").await;
    wait_for(&c, "transcript").await;
    let marks = c
        .find_all(Locator::Css("[data-testid=\"transcript\"] mark"))
        .await
        .unwrap();
    let mut marked = Vec::new();
    for m in &marks {
        marked.push(inner_text(&c, m).await);
    }
    assert!(
        marked.iter().any(|t| t.contains("不支持退款")),
        "{marked:?}"
    );
    assert!(
        marked.iter().any(|t| t.contains("2026110300123")),
        "{marked:?}"
    );
    wait_for(&c, "suggestion").await;
    screenshot(&c, "viewer.png").await;
    click_centered(&c, "accept-suggestion").await;
    wait_until("the suggestion to be confirmed", || async {
        c.find_all(Locator::Css(&id("accept-suggestion")))
            .await
            .map(|v| v.is_empty())
            .unwrap_or(false)
    })
    .await;
    c.close().await.unwrap();

    // The confirmation went through the ledger; the library verifies.
    let items = sb.ok_json(&["items", "1"]);
    let chat_item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["original_name"] == "客服聊天记录.txt")
        .unwrap();
    assert_eq!(chat_item["category"], "communication");
    assert_eq!(chat_item["category_source"], "user");
    let shot_item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["original_name"] == "membership-status.png")
        .unwrap();
    assert_eq!(shot_item["category"], "non_delivery");
    assert_eq!(shot_item["category_source"], "suggested");
    let log = sb.ok_json(&["log", "1"]);
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "evidence_recategorized"));
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

/// Opens the item whose row in the list view is named `name`.
/// Category tags whose label is cut, runs out of its cell or card, or lies under its own
/// "suggested" mark; none are expected. Also fails when no tag is on screen at all.
async fn clipped_categories(c: &Client) -> Vec<String> {
    let js = r#"
        const tags = [...document.querySelectorAll('.cat')].filter(t => t.offsetParent !== null);
        if (tags.length === 0) return ['no category tag on screen'];
        const out = [];
        for (const tag of tags) {
            const label = tag.querySelector('.cat-label');
            const box = tag.closest('[role="cell"], [data-testid="grid-card"]');
            const l = label.getBoundingClientRect();
            const mark = tag.querySelector('.suggested-mark, [data-testid="suggested-mark"]');
            const cut = label.scrollWidth > label.clientWidth + 1;
            const t = tag.getBoundingClientRect();
            const b = box && box.getBoundingClientRect();
            const out_of_box = b && (t.right > b.right + 1 || t.bottom > b.bottom + 1 || l.right > b.right + 1);
            const m = mark && mark.getBoundingClientRect();
            const covered = m && m.left < l.right - 1 && m.right > l.left + 1 && m.top < l.bottom && m.bottom > l.top;
            if (cut || out_of_box || covered) out.push(label.textContent + (cut ? ' cut' : '') + (out_of_box ? ' overflows' : '') + (covered ? ' covered' : ''));
        }
        return out;
    "#;
    let v = c.execute(js, vec![]).await.unwrap();
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

async fn open_row(c: &Client, name: &str) {
    let rows = c.find_all(Locator::Css(&id("item-name"))).await.unwrap();
    for r in &rows {
        if inner_text(c, r).await == name {
            let arg = serde_json::to_value(r).unwrap();
            c.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
                .await
                .unwrap();
            r.click().await.unwrap();
        }
    }
    wait_for(c, "item-viewer").await;
}

/// The status the checklist shows for one requirement.
async fn requirement_status(c: &Client, req: &str) -> String {
    let css = format!("[data-testid=\"requirement\"][data-id=\"{req}\"]");
    match c.find(Locator::Css(&css)).await {
        Ok(el) => el
            .attr("data-status")
            .await
            .ok()
            .flatten()
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn screenshots_only_are_read_into_facts_boxes_and_the_checklist() {
    let sb = Sandbox::new();
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets/demo");
    // Names that say nothing: only the pixels can tell what each capture shows.
    let shots: Vec<PathBuf> = [
        "payment-success.png",
        "order-detail.png",
        "membership-status.png",
    ]
    .iter()
    .enumerate()
    .map(|(i, n)| {
        sb.file(
            &format!("IMG_000{}.png", i + 1),
            &std::fs::read(demo.join(n)).unwrap(),
        )
    })
    .chain([sb.file(
        "IMG_0004.png",
        &std::fs::read(demo.join("../../tests/fixtures/ocr/chat-bubbles.png")).unwrap(),
    )])
    .collect();
    let (_driver, c) = launch(&sb, &shots).await;
    create_case(
        &c,
        &[
            ("case-title", "VIP not activated"),
            ("case-order", "DEMO202611020001"),
        ],
    )
    .await;
    wait_for(&c, "case-heading").await;
    wait_for(&c, "add-files").await.click().await.unwrap();
    wait_for(&c, "import-summary").await;

    // Reading runs after the import; the order number printed in the captures becomes a fact.
    let facts = wait_for(&c, "facts-panel").await;
    wait_until("the order number read from a capture", || async {
        inner_text(&c, &facts).await.contains("DEMO202611020001")
    })
    .await;
    wait_reading_done(&c).await;
    wait_until("the order record to be found (suggested)", || async {
        requirement_status(&c, "purchase.order_record").await == "weak"
    })
    .await;
    assert_eq!(requirement_status(&c, "non_delivery.proof").await, "weak");

    // The viewer shows the recognised text under the untouched picture, and its boxes.
    wait_for(&c, "view-list").await.click().await.unwrap();
    wait_item_rows(&c, 4).await;
    open_row(&c, "IMG_0001.png").await;
    let text = wait_for(&c, "ocr-text").await;
    wait_until("the recognised lines", || async {
        inner_text(&c, &text).await.contains("支付成功")
    })
    .await;
    click_centered(&c, "ocr-boxes-toggle").await;
    let boxes = c
        .find_all(Locator::Css("[data-testid=\"ocr-boxes\"] .ocr-box"))
        .await
        .unwrap();
    assert!(boxes.len() >= 5, "{} boxes", boxes.len());
    screenshot(&c, "ocr-viewer.png").await;
    // A fact in the facts panel points to its box on the picture.
    click_centered(&c, "fact-show").await;
    wait_until("the fact's box to be marked", || async {
        c.find_all(Locator::Css(".ocr-box.focused"))
            .await
            .map(|v| v.len() == 1)
            .unwrap_or(false)
    })
    .await;
    // The user says what the capture shows: a note, recorded, whose facts count.
    click_centered(&c, "note-edit").await;
    type_into(&c, "note-field", "工单号 GD2026110900001").await;
    click_centered(&c, "note-save").await;
    let note = wait_for(&c, "viewer-note").await;
    wait_until("the saved note", || async {
        inner_text(&c, &note).await == "工单号 GD2026110900001"
    })
    .await;

    // Confirming what the capture was suggested as turns its rule green.
    click_centered(&c, "accept-suggestion").await;
    click_centered(&c, "viewer-close").await;
    wait_until("the order record to be satisfied", || async {
        requirement_status(&c, "purchase.order_record").await == "satisfied"
    })
    .await;
    // It says what it rests on, in either language: the text read from the capture.
    let css = "[data-testid=\"requirement\"][data-id=\"purchase.order_record\"]";
    for (lang, want) in [
        ("en", "read from IMG_0001.png"),
        ("zh-CN", "识别自 IMG_0001.png"),
    ] {
        set_language(&c, lang).await;
        let order = c.find(Locator::Css(css)).await.unwrap();
        let said = inner_text(&c, &order).await;
        assert!(said.contains(want), "{said}");
    }

    // The chat capture: a transcript with both sides beside the picture; support's refusal
    // satisfies the refusal rule (the user's own "不予退款" would not).
    wait_for(&c, "view-list").await.click().await.unwrap();
    open_row(&c, "IMG_0004.png").await;
    let chat = wait_for(&c, "capture-chat").await;
    let own = chat
        .find_all(Locator::Css(".msg.self"))
        .await
        .unwrap()
        .len();
    let other = chat
        .find_all(Locator::Css(".msg.other"))
        .await
        .unwrap()
        .len();
    assert_eq!((own, other), (3, 3));
    screenshot(&c, "ocr-chat.png").await;
    click_centered(&c, "viewer-close").await;
    assert_eq!(
        requirement_status(&c, "communication.refusal").await,
        "satisfied"
    );

    // Search finds the ticket number read from the chat capture, and opens it.
    type_into(&c, "search-input", "gd2026110400088").await;
    click_centered(&c, "search-submit").await;
    let hit = wait_for(&c, "search-hit").await;
    assert_eq!(
        hit.attr("data-source").await.unwrap().as_deref(),
        Some("ocr")
    );
    hit.find(Locator::Css("button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "capture-chat").await;
    click_centered(&c, "viewer-close").await;
    set_language(&c, "en").await;
    let text_en = inner_text(&c, &wait_for(&c, "readiness").await).await;
    assert!(text_en.contains("Order record"), "{text_en}");
    c.close().await.unwrap();

    let items = sb.ok_json(&["items", "1"]);
    let cats: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["category"].as_str().unwrap())
        .collect();
    assert_eq!(
        cats,
        ["purchase", "purchase", "non_delivery", "communication"]
    );
    assert_eq!(items[0]["note"], "工单号 GD2026110900001");
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn a_matching_bill_row_is_confirmed_in_the_viewer() {
    let sb = Sandbox::new();
    let bill = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/bill/alipay_2025.csv");
    let (_driver, c) = launch(&sb, &[bill]).await;
    create_case(
        &c,
        &[
            ("case-title", "Alipay"),
            ("case-order", "202611020001"),
            ("case-amount", "68"),
        ],
    )
    .await;
    wait_for(&c, "add-files").await.click().await.unwrap();
    wait_for(&c, "import-summary").await;
    wait_for(&c, "view-grid").await.click().await.unwrap();
    wait_for(&c, "grid-card").await.click().await.unwrap();
    wait_for(&c, "bill").await;

    // Proofpack proposes the matching row; the user confirms it belongs to the case.
    let matched = c
        .find(Locator::XPath(
            "//*[@data-testid='bill-row'][.//*[@data-testid='row-match']]",
        ))
        .await
        .expect("a row marked as matching the case");
    let arg = serde_json::to_value(&matched).unwrap();
    c.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg])
        .await
        .unwrap();
    matched
        .find(Locator::Css(&id("row-belongs")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until("the row to be recorded", || async {
        let items = sb.ok_json(&["items", "1"]);
        !items[0]["bill_rows"]
            .as_array()
            .map(|a| a.is_empty())
            .unwrap_or(true)
    })
    .await;
    screenshot(&c, "bill-confirmed.png").await;
    c.close().await.unwrap();

    let log = sb.ok_json(&["log", "1"]);
    assert_eq!(
        log.as_array().unwrap().last().unwrap()["action"],
        "evidence_annotated"
    );
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

/// A US phone's WhatsApp export (AM/PM, so first read month-first): `04/11/2026` is only
/// ambiguous, and the case's purchase on 2 November makes it 4 November. The viewer says which
/// reading was used and why, in both languages; the user switches it, the chain records it.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn ambiguous_chat_dates_follow_the_purchase_and_the_user_can_switch_them() {
    let sb = Sandbox::new();
    let case = sb.vip_case();
    let chat = sb.file(
        "WhatsApp Chat with 星河客服.txt",
        "[04/11/2026, 10:00:00 AM] 客服: 虚拟商品不予退款\n[05/11/2026, 9:00:00 AM] 我: 请书面说明理由\n"
            .as_bytes(),
    );
    let (_driver, c) = launch(&sb, &[chat]).await;
    set_language(&c, "zh-CN").await;
    wait_for(&c, "case-card").await.click().await.unwrap();
    wait_for(&c, "add-files").await.click().await.unwrap();
    wait_for(&c, "import-summary").await;
    // The refusal follows the purchase in the timeline, as it did in fact.
    let refusals = || {
        let t = sb.ok_json(&["timeline", &case]);
        t.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "refusal")
            .map(|e| e["at"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(refusals(), ["2026-11-04T10:00:00+08:00"]);

    wait_for(&c, "view-grid").await.click().await.unwrap();
    wait_for(&c, "grid-card").await.click().await.unwrap();
    let notice = wait_for(&c, "date-reading").await;
    let said = inner_text(&c, &notice).await;
    assert!(
        said.contains("已按“日/月”读取（聊天始于 2026-11-04；按“月/日”则始于 2026-04-11）")
            && said.contains("2026-11-02 的购买之后"),
        "{said}"
    );
    screenshot(&c, "dates-read-by-purchase.png").await;
    click_centered(&c, "date-reading-switch").await;
    wait_until("the other reading", || async {
        let n = wait_for(&c, "date-reading").await;
        n.attr("data-order").await.ok().flatten().as_deref() == Some("month_day")
    })
    .await;
    set_language(&c, "en").await;
    wait_until("the English notice", || async {
        let n = wait_for(&c, "date-reading").await;
        let t = inner_text(&c, &n).await;
        t.contains("read as month/day") && t.contains("You chose this reading.")
    })
    .await;
    let button = inner_text(&c, &wait_for(&c, "date-reading-switch").await).await;
    assert_eq!(button.trim(), "Read the dates as day/month");
    screenshot(&c, "dates-switched-en.png").await;
    c.close().await.unwrap();

    assert_eq!(refusals(), ["2026-04-11T10:00:00+08:00"]);
    assert_eq!(sb.ok_json(&["items", &case])[0]["date_order"], "month_day");
    let log = sb.ok_json(&["log", &case]);
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(
        (&last["action"], &last["payload"]["date_order"]),
        (
            &serde_json::json!("evidence_annotated"),
            &serde_json::json!("month_day")
        )
    );
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

/// A screenshot without EXIF takes its time from the name the phone gave it: the viewer shows
/// the time and where it came from in both languages, and the timeline places it there.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn a_screenshot_named_by_the_phone_shows_its_time_and_where_it_came_from() {
    let sb = Sandbox::new();
    sb.vip_case();
    let shot = sb.file(
        "Screenshot_20261104-102233.png",
        &std::fs::read(fixture("membership-status.png")).unwrap(),
    );
    let (_driver, c) = launch(&sb, &[shot]).await;
    set_language(&c, "zh-CN").await;
    wait_for(&c, "case-card").await.click().await.unwrap();
    wait_for(&c, "add-files").await.click().await.unwrap();
    wait_for(&c, "import-summary").await;
    wait_until("a capture in the timeline", || async {
        c.find_all(Locator::Css(
            "[data-testid='timeline-event'][data-kind='capture']",
        ))
        .await
        .map(|v| v.len() == 1)
        .unwrap_or(false)
    })
    .await;
    wait_reading_done(&c).await;
    click_centered(&c, "view-grid").await;
    click_centered(&c, "grid-card").await;
    let taken = wait_for(&c, "taken-at").await;
    assert_eq!(
        taken.attr("data-source").await.unwrap().as_deref(),
        Some("file_name")
    );
    let said = inner_text(&c, &taken).await;
    assert!(
        said.contains("2026年11月4日") && said.contains("来自文件名"),
        "{said}"
    );
    set_language(&c, "en").await;
    wait_until("the English source", || async {
        inner_text(&c, &wait_for(&c, "taken-at").await)
            .await
            .contains("from the file name")
    })
    .await;
    screenshot(&c, "taken-from-file-name.png").await;
    c.close().await.unwrap();
}

/// Switches the interface to `lang` (the switch toggles; the window starts in the system's).
async fn set_language(c: &Client, lang: &str) {
    let current = || async {
        c.execute("return document.documentElement.lang", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    if current().await != lang {
        wait_for(c, "lang-switch").await.click().await.unwrap();
    }
    wait_until("the language switch", || async { current().await == lang }).await;
}

/// The texts of every element with `test_id`, as rendered.
async fn texts(c: &Client, test_id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in c.find_all(Locator::Css(&id(test_id))).await.unwrap() {
        out.push(inner_text(c, &el).await);
    }
    out
}

/// Value of an input or textarea, as the page holds it now.
async fn value_of(c: &Client, test_id: &str) -> String {
    let el = wait_for(c, test_id).await;
    let arg = serde_json::to_value(&el).unwrap();
    c.execute("return arguments[0].value", vec![arg])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn refund_timeline_escalation_log_and_letter_on_a_real_case() {
    let sb = Sandbox::new();
    // The case and its evidence come from the CLI; the app picks them up from the library.
    let case = sb.ok_json(&[
        "case",
        "new",
        "星河会员未到账",
        "--platform",
        "某卡盟",
        "--order",
        "202611020001",
        "--amount",
        "68",
        "--product",
        "黄金VIP年卡",
        "--paid-at",
        "2026-11-02 10:15",
    ])["id"]
        .to_string();
    let chat = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/chat/qq_gbk.txt");
    let r = sb.run_paths(&["add", &case, "--category", "communication"], &[chat]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_driver, c) = launch(&sb, &[]).await;
    set_language(&c, "zh-CN").await;
    wait_for(&c, "case-card").await.click().await.unwrap();
    wait_for(&c, "readiness").await;

    // Refund calculator: 30 days, 10 used, of 68.00 -> 45.33 with its rule.
    click_centered(&c, "refund-basis-days").await;
    type_into(&c, "refund-total", "30").await;
    type_into(&c, "refund-used", "10").await;
    click_centered(&c, "refund-calculate").await;
    let result = wait_for(&c, "refund-result").await;
    wait_until("the refund", || async {
        inner_text(&c, &result).await.contains("45.33")
    })
    .await;
    assert!(!inner_text(&c, &wait_for(&c, "refund-rule").await)
        .await
        .is_empty());

    // Timeline: the purchase, then the support chat's refusal (17:30 China time).
    wait_for(&c, "timeline-event").await;
    let titles = texts(&c, "timeline-title").await;
    assert!(
        titles
            .iter()
            .any(|t| t.contains("无法退款") || t.contains("拒绝")),
        "{titles:?}"
    );
    assert!(titles.len() >= 3, "{titles:?}");

    // Escalation log: log a support contact, then record its outcome later.
    type_into(&c, "contact-channel", "App 内客服").await;
    type_into(&c, "contact-ticket", "2026110300123").await;
    click_centered(&c, "contact-item").await;
    click_centered(&c, "contact-submit").await;
    wait_for(&c, "contact-row").await;
    click_centered(&c, "contact-close-open").await;
    type_into(&c, "contact-close-outcome", "拒绝退款").await;
    click_centered(&c, "contact-close-save").await;
    wait_until("the contact to close", || async {
        let row = c.find(Locator::Css(&id("contact-row"))).await;
        match row {
            Ok(r) => r.attr("data-state").await.ok().flatten().as_deref() == Some("closed"),
            Err(_) => false,
        }
    })
    .await;
    screenshot(&c, "contacts.png").await;

    // Letter: open the Chinese request letter, edit it, save it with the case.
    click_centered(&c, "letter-compose").await;
    wait_until("the letter", || async {
        value_of(&c, "letter-text").await.contains("客服表示")
    })
    .await;
    let composed = value_of(&c, "letter-text").await;
    assert!(composed.contains("2026年11月3日17:30"), "{composed}");
    wait_for(&c, "letter-text")
        .await
        .send_keys("\n张三 敬上")
        .await
        .unwrap();
    click_centered(&c, "letter-save").await;
    let state = wait_for(&c, "letter-save-state").await;
    wait_until("the letter to be saved", || async {
        inner_text(&c, &state).await.contains("随案件保存")
    })
    .await;
    screenshot(&c, "letter-saved.png").await;

    // English interface: the same screens speak English.
    set_language(&c, "en").await;
    wait_until("English labels", || async {
        inner_text(&c, &state).await.contains("Saved with the case")
    })
    .await;
    let badge = inner_text(&c, &wait_for(&c, "contact-badge").await).await;
    assert!(badge.contains("Closed"), "{badge}");
    c.close().await.unwrap();

    // Everything went through the ledger and the library verifies.
    let contacts = sb.ok_json(&["contact", "list", &case]);
    assert_eq!(contacts["contacts"][0]["outcome"], "拒绝退款");
    assert_eq!(contacts["contacts"][0]["ticket"], "2026110300123");
    let letter = sb.ok_json(&["letter", &case]);
    assert!(letter["draft"]["text"]
        .as_str()
        .unwrap()
        .ends_with("张三 敬上"));
    let actions: Vec<String> = sb
        .ok_json(&["log", &case])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    for a in ["contact_logged", "contact_closed", "letter_saved"] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} missing from {actions:?}"
        );
    }
    assert_eq!(sb.ok_json(&["verify"])["ok"], true);
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn sample_case_export_and_verifying_a_sent_pack() {
    let sb = Sandbox::new();
    // A pack "someone sent": made in another library, then one byte of an original changed.
    let other = Sandbox::new();
    let id = other.ok_json(&["demo"])["id"].to_string();
    let sent = other.dir.path().join("sent.zip");
    other.ok_json(&["export", &id, "--out", sent.to_str().unwrap()]);
    proofpack_tests::tamper_zip_entry(&sent, "evidence/2-non-delivery/2-1_会员中心-未开通.png");
    let out = sb.dir.path().join("exports");
    let (_driver, c) = launch_exporting(&sb, &out, &sent).await;
    set_language(&c, "zh-CN").await;

    // The empty home offers the sample case; one click opens it, ready to file.
    click_centered(&c, "try-demo").await;
    let heading = wait_for(&c, "case-heading").await;
    wait_until("the sample case", || async {
        inner_text(&c, &heading).await.contains("示例")
    })
    .await;
    let readiness = wait_for(&c, "readiness").await;
    wait_until("the checklist", || async {
        readiness.attr("data-ready").await.ok().flatten().as_deref() == Some("true")
    })
    .await;

    // Export in both languages; the pack lands where the (stand-in) dialog said.
    click_centered(&c, "export-lang-both").await;
    let path = export_in_app(&c).await;
    assert_eq!(path.parent().unwrap(), out);
    let sha = inner_text(&c, &wait_for(&c, "export-sha").await).await;
    assert_eq!(
        sha.trim(),
        proofpack_tests::sha256_hex(&std::fs::read(&path).unwrap())
    );
    screenshot(&c, "exported.png").await;

    // Verify a pack someone sent: the changed original is named.
    let verdict = verify_sent_pack(&c).await;
    let problems = inner_text(&c, &wait_for(&c, "verify-pack-problems").await).await;
    assert!(problems.contains("2-1_会员中心-未开通.png"), "{problems}");
    set_language(&c, "en").await;
    wait_until("English verdict", || async {
        inner_text(&c, &verdict).await.contains("Not verified")
    })
    .await;
    screenshot(&c, "verify-pack.png").await;
    c.close().await.unwrap();

    // What the app wrote verifies from the command line, and the export is in the chain.
    let v = sb.ok_json(&["verify-bundle", path.to_str().unwrap()]);
    assert_eq!(v["ok"], true, "{v}");
    let log = sb.ok_json(&["log", "1"]);
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "exported");
    assert_eq!(last["payload"]["pack_sha256"], sha.trim());
    assert_eq!(last["payload"]["lang"], "both");
}

/// A letter saved, then evidence withdrawn: the letter panel says what no longer matches, and
/// export asks before writing; regenerated, every number the report cites is in its index.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn a_stale_letter_is_answered_before_export_and_the_pack_cites_its_own_index() {
    let sb = Sandbox::new();
    let case = sb.demo_with_stale_letter();

    let out = sb.dir.path().join("exports");
    let (_driver, c) = launch_exporting(&sb, &out, &out.join("none.zip")).await;
    set_language(&c, "zh-CN").await;
    wait_for(&c, "case-card").await.click().await.unwrap();
    wait_for(&c, "readiness").await;
    click_centered(&c, "letter-compose").await;
    let stale = wait_for(&c, "letter-stale").await;
    let said = inner_text(&c, &stale).await;
    assert!(
        said.contains("已撤回") && said.contains("现在的编号是"),
        "{said}"
    );
    screenshot(&c, "letter-stale.png").await;

    click_centered(&c, "export-start").await;
    let asked = wait_for(&c, "export-stale-letter").await;
    assert!(inner_text(&c, &asked)
        .await
        .contains("保存的信件与案件已不一致"));
    assert!(
        std::fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written yet"
    );
    set_language(&c, "en").await;
    wait_until("English choices", || async {
        inner_text(&c, &asked)
            .await
            .contains("Regenerate the letter and export")
    })
    .await;
    screenshot(&c, "export-stale-letter.png").await;
    click_centered(&c, "export-regenerate").await;
    let result = wait_for(&c, "export-result").await;
    wait_until("the export", || async {
        inner_text(&c, &result)
            .await
            .contains("Evidence pack exported")
    })
    .await;
    let path = PathBuf::from(
        inner_text(&c, &wait_for(&c, "export-path").await)
            .await
            .trim(),
    );
    c.close().await.unwrap();

    // Every number the report cites is one its own index lists, and the pack verifies.
    let unpacked = sb.dir.path().join("unpacked");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    zip.extract(&unpacked).unwrap();
    let (cited, listed) = proofpack_tests::report_numbers(&unpacked.join("report.pdf"));
    assert!(
        !cited.is_empty() && !listed.contains(&"1-3".to_string()),
        "{listed:?}"
    );
    for n in cited {
        assert!(
            listed.contains(&n),
            "the report cites 证据{n}, not in its index {listed:?}"
        );
    }
    assert_eq!(
        sb.ok_json(&["verify-bundle", path.to_str().unwrap()])["ok"],
        true
    );
    assert_eq!(
        sb.ok_json(&["letter", &case])["stale"],
        serde_json::json!([])
    );
}

/// Starts the app with the save dialog answering `out` (created here) and the pack dialog `sent`.
async fn launch_exporting(sb: &Sandbox, out: &Path, sent: &Path) -> (Driver, Client) {
    std::fs::create_dir_all(out).unwrap();
    let env = [("PROOFPACK_E2E_SAVE", out), ("PROOFPACK_E2E_PACK", sent)];
    launch_with(sb, &[], &env).await
}

/// Exports the open case (Chinese UI) and returns where the app says the pack went.
async fn export_in_app(c: &Client) -> PathBuf {
    click_centered(c, "export-start").await;
    let result = wait_for(c, "export-result").await;
    wait_until("the export", || async {
        inner_text(c, &result).await.contains("证据包已导出")
    })
    .await;
    let path = inner_text(c, &wait_for(c, "export-path").await).await;
    PathBuf::from(path.trim())
}

/// Verifies the "sent" pack from the verify-a-pack screen; it must be refused. Returns the verdict.
async fn verify_sent_pack(c: &Client) -> Element {
    click_centered(c, "open-verify-pack").await;
    click_centered(c, "verify-pack-zip").await;
    let verdict = wait_for(c, "verify-pack-result").await;
    wait_until("the verdict", || async {
        verdict.attr("data-ok").await.ok().flatten().is_some()
    })
    .await;
    let ok = verdict.attr("data-ok").await.unwrap();
    assert_eq!(ok.as_deref(), Some("false"));
    verdict
}

/// Replaces one entry of a ZIP pack and rewrites SHA256SUMS to match, as a careful forger
/// would, so `sha256sum -c` passes on the result.
fn forge_zip(zip: &Path, name: &str, body: &[u8]) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        let n = f.name().unwrap().to_string();
        files.push((n.clone(), if n == name { body.to_vec() } else { b }));
    }
    let sums: String = files
        .iter()
        .filter(|(n, _)| n != "SHA256SUMS")
        .map(|(n, b)| format!("{}  {n}\n", proofpack_tests::sha256_hex(b)))
        .collect();
    let out = std::fs::File::create(zip).unwrap();
    let mut w = zip::ZipWriter::new(out);
    for (n, b) in &files {
        let body = if n == "SHA256SUMS" {
            sums.as_bytes()
        } else {
            b
        };
        w.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap();
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn an_emoji_case_exports_and_a_resummed_forgery_is_refused() {
    let sb = Sandbox::new();
    let title = "会员😀未到账 𠀀";
    let case = sb.ok_json(&["case", "new", title])["id"].to_string();
    let chat = sb.file(
        "客服😀.txt",
        "2026-11-03 10:00 客服🙂: 您好😀，该订单不支持退款\n2026-11-03 10:01 我: 请退款 👉\n"
            .as_bytes(),
    );
    let r = sb.run_paths(&["add", &case, "--category", "communication"], &[chat]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The pack someone sends: the same case exported, its transcript rewritten to put a promise
    // in the agent's mouth, SHA256SUMS recomputed.
    let sent = sb.dir.path().join("sent.zip");
    sb.ok_json(&["export", &case, "--out", sent.to_str().unwrap()]);
    let transcript = "derived/3-1_客服😀.txt.transcript.txt";
    forge_zip(
        &sent,
        transcript,
        "[2026-11-03 10:00] 客服: 我们承诺全额退款\n".as_bytes(),
    );
    let out = sb.dir.path().join("exports");
    let (_driver, c) = launch_exporting(&sb, &out, &sent).await;
    set_language(&c, "zh-CN").await;
    wait_for(&c, "case-card").await.click().await.unwrap();
    let heading = wait_for(&c, "case-heading").await;
    assert_eq!(inner_text(&c, &heading).await.trim(), title);

    // The export the emoji used to stop now succeeds, and what it wrote verifies.
    let path = export_in_app(&c).await;
    screenshot(&c, "emoji-exported.png").await;

    // The forgery passes `sha256sum -c` but not the app: the transcript is named, in both languages.
    verify_sent_pack(&c).await;
    let problems = wait_for(&c, "verify-pack-problems").await;
    let zh = inner_text(&c, &problems).await;
    assert!(
        zh.contains(transcript) && zh.contains("已被替换或编辑"),
        "{zh}"
    );
    set_language(&c, "en").await;
    wait_until("English problems", || async {
        inner_text(&c, &problems)
            .await
            .contains("replaced or edited")
    })
    .await;
    screenshot(&c, "forgery-refused.png").await;
    c.close().await.unwrap();
    assert_eq!(
        sb.ok_json(&["verify-bundle", path.to_str().unwrap()])["ok"],
        true
    );
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn script_in_evidence_names_text_and_titles_never_runs() {
    let sb = Sandbox::new();
    let title = "<img src=x onerror=\"window.__pwned=1\">会员 <script>window.__pwned=2</script>";
    let case = sb.ok_json(&[
        "case",
        "new",
        title,
        "--notes",
        "<svg onload=window.__pwned=3>",
    ])["id"]
        .to_string();
    let chat = sb.file(
        "<svg onload=window.__pwned=4>客服.txt",
        "2026-11-03 09:58 我: 请退款\n2026-11-03 10:00 客服: <img src=x onerror=window.__pwned=5> 无法退款 <script>window.__pwned=6</script>\n"
            .as_bytes(),
    );
    let page = sb.file(
        "saved-page.html",
        b"<html><script>window.__pwned=7</script></html>",
    );
    let r = sb.run_paths(
        &["add", &case, "--category", "communication"],
        &[chat, page],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_driver, c) = launch(&sb, &[]).await;
    let pwned = || async {
        let js = "return [window.__pwned === undefined, document.querySelectorAll('img[src=\"x\"], svg[onload], [onerror], [onload]').length];";
        c.execute(js, vec![]).await.unwrap()
    };
    wait_for(&c, "case-card").await.click().await.unwrap();
    let heading = wait_for(&c, "case-heading").await;
    assert_eq!(inner_text(&c, &heading).await.trim(), title);
    wait_for(&c, "view-grid").await.click().await.unwrap();
    let mut chat_card = None;
    for card in c.find_all(Locator::Css(&id("grid-card"))).await.unwrap() {
        if inner_text(&c, &card).await.contains("客服.txt") {
            chat_card = Some(card);
        }
    }
    chat_card.expect("chat card").click().await.unwrap();
    let transcript = wait_for(&c, "transcript").await;
    wait_until("the transcript", || async {
        inner_text(&c, &transcript).await.contains("无法退款")
    })
    .await;
    assert!(inner_text(&c, &transcript)
        .await
        .contains("<script>window.__pwned=6</script>"));
    screenshot(&c, "xss.png").await;
    assert_eq!(
        pwned().await,
        serde_json::json!([true, 0]),
        "markup from evidence ran or rendered"
    );
    c.close().await.unwrap();
}

/// Runs the CLI on `library` from a plain thread (the sandbox stays with the test).
fn cli(library: &Path, args: &[&str], paths: &[PathBuf]) -> (i32, String) {
    let out = Command::new(proofpack_tests::bin())
        .arg("--library")
        .arg(library)
        .args(args)
        .args(paths)
        .env("LANG", "C")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn the_app_and_the_cli_write_one_library_at_once() {
    let sb = Sandbox::new();
    let cli_case = sb.vip_case();
    let picks: Vec<PathBuf> = (0..20)
        .map(|i| {
            sb.file(
                &format!("app/截图{i}.txt"),
                format!("app file {i}").as_bytes(),
            )
        })
        .collect();
    let cli_batches: Vec<Vec<PathBuf>> = (0..8)
        .map(|b| {
            (0..25)
                .map(|i| {
                    let body = format!("cli batch {b} file {i}");
                    sb.file(&format!("cli/{b}/{i}.txt"), body.as_bytes())
                })
                .collect()
        })
        .collect();
    let (_driver, c) = launch(&sb, &picks).await;

    // The CLI imports and edits while the app creates a case and imports into it.
    let library = sb.library();
    let writer = std::thread::spawn(move || {
        let mut failures = Vec::new();
        for (b, files) in cli_batches.iter().enumerate() {
            let (code, err) = cli(&library, &["add", &cli_case], files);
            if code != 0 {
                failures.push(format!("add batch {b}: {code} {err}"));
            }
            let note = format!("CLI batch {b}");
            let (code, err) = cli(
                &library,
                &["case", "edit", &cli_case, "--notes", &note],
                &[],
            );
            if code != 0 {
                failures.push(format!("edit {b}: {code} {err}"));
            }
        }
        failures
    });
    create_case(&c, &[("case-title", "App 与命令行同时写入")]).await;
    wait_for(&c, "case-heading").await;
    click_centered(&c, "add-files").await;
    wait_for(&c, "import-summary").await;
    click_centered(&c, "view-list").await;
    wait_item_rows(&c, 20).await;
    let failures = tokio::task::spawn_blocking(move || writer.join().unwrap())
        .await
        .unwrap();
    assert!(failures.is_empty(), "{failures:?}");

    // Another program holds the write lock: the app says "library busy" (in both languages)
    // instead of hanging or failing obscurely, and succeeds once the lock is gone.
    let lock = proofpack_tests::WriteLock::hold(&sb.library());
    set_language(&c, "zh-CN").await;
    create_case(&c, &[("case-title", "忙时新建")]).await;
    let error = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&id("form-error")))
        .await
        .expect("a busy error in the form");
    assert!(inner_text(&c, &error).await.contains("证据库正忙"));
    screenshot(&c, "busy-zh.png").await;
    set_language(&c, "en").await;
    let error = wait_for(&c, "form-error").await;
    wait_until("the English busy message", || async {
        inner_text(&c, &error).await.contains("library is busy")
    })
    .await;
    let (code, err) = cli(&sb.library(), &["case", "new", "also blocked"], &[]);
    assert_eq!(code, 5, "{err}");
    drop(lock);
    click_centered(&c, "case-submit").await;
    let heading = wait_for(&c, "case-heading").await;
    assert_eq!(inner_text(&c, &heading).await.trim(), "忙时新建");
    c.close().await.unwrap();

    // Nothing lost or corrupted: every write of both programs is in a library that verifies.
    let cases = sb.ok_json(&["case", "list"]);
    let titles: Vec<&str> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.contains(&"App 与命令行同时写入") && titles.contains(&"忙时新建"));
    let counts: Vec<u64> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["item_count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts.iter().sum::<u64>(), 200 + 20, "{counts:?}");
    let v = sb.ok_json(&["verify"]);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(sb.integrity(), "ok");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn a_read_only_library_opens_in_the_app_for_reading_and_verifying() {
    let root = tempfile::tempdir().unwrap();
    let Some(disk) = proofpack_tests::Tmpfs::mount(&root.path().join("disk"), "32m") else {
        return;
    };
    let sb = Sandbox::new();
    std::os::unix::fs::symlink(&disk.dir, sb.library()).unwrap();
    let case = sb.vip_case();
    let chat = sb.file("客服.txt", "2026-11-03 10:00 客服: 无法退款".as_bytes());
    assert_eq!(sb.run_paths(&["add", &case], &[chat]).code, 0);
    disk.remount_read_only();

    let (_driver, c) = launch(&sb, &[]).await;
    set_language(&c, "zh-CN").await;
    let notice = wait_for(&c, "read-only").await;
    assert!(inner_text(&c, &notice).await.contains("只读"));
    screenshot(&c, "read-only-zh.png").await;
    set_language(&c, "en").await;
    wait_until("the English notice", || async {
        inner_text(&c, &notice).await.contains("read-only")
    })
    .await;

    // Everything reads and verifies.
    wait_for(&c, "case-card").await.click().await.unwrap();
    wait_for(&c, "case-heading").await;
    click_centered(&c, "view-list").await;
    wait_item_rows(&c, 1).await;
    assert!(verify_in_app(&c).await, "verify should pass");

    // A change is refused with the reason.
    create_case(&c, &[("case-title", "new")]).await;
    let error = wait_for(&c, "form-error").await;
    assert!(inner_text(&c, &error).await.contains("read-only"));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs the built app and a display: run `make e2e`"]
async fn a_case_of_ten_thousand_items_opens_and_scrolls() {
    const N: usize = 10_000;
    let sb = Sandbox::new();
    let case = sb.ok_json(&["case", "new", "一万件证据"])["id"].to_string();
    let dir = sb.src().join("many");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..N {
        let body = format!("2026-11-03 10:00:00 客服: 第 {i} 条");
        std::fs::write(dir.join(format!("note-{i:05}.txt")), body).unwrap();
    }
    let r = sb.run_paths(&["--json", "add", &case], &[dir]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["added"].as_array().unwrap().len(), N);

    let (_driver, c) = launch(&sb, &[]).await;
    wait_for(&c, "case-card").await.click().await.unwrap();
    wait_for(&c, "case-heading").await;
    click_centered(&c, "view-list").await;
    let rows = || async {
        c.find_all(Locator::Css(&id("item-row")))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    };
    wait_until("the first rows", || async { rows().await > 0 }).await;
    // Virtualised: a window of rows exists in the page, not ten thousand.
    let in_dom = rows().await;
    assert!(in_dom < 100, "{in_dom} rows in the DOM");

    // Scroll to the end in steps, as a user flinging the list would; the last row appears.
    let last_row = || async {
        let js = "return Math.max(...[...document.querySelectorAll('[data-testid=item-row]')]\
                  .map(r => Number(r.getAttribute('aria-rowindex'))))";
        c.execute(js, vec![]).await.unwrap().as_u64().unwrap_or(0) as usize
    };
    for fraction in [0.25, 0.5, 0.75, 1.0] {
        let js = format!(
            "const v = document.querySelector('.virtual-viewport'); \
             v.scrollTop = v.scrollHeight * {fraction}; v.dispatchEvent(new Event('scroll'));"
        );
        c.execute(&js, vec![]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert!(rows().await < 100, "still windowed at {fraction}");
    }
    // aria-rowindex counts the header as row 1.
    wait_until("the last item", || async { last_row().await == N + 1 }).await;
    screenshot(&c, "ten-thousand-items.png").await;
    c.close().await.unwrap();
}
