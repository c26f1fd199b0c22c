//! `pp://` serves pictures to the webview by item id, never by path:
//! `pp://localhost/thumb/<item>/<256|1024>` (derived thumbnails) and
//! `pp://localhost/original/<item>` (the stored original, images only, byte-exact).

use std::io::Read;

use proofpack_core::ingest::picture;
use proofpack_core::Library;
use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

pub const SCHEME: &str = "pp";
/// Originals larger than this are not sent to the webview (the viewer shows the thumbnail).
const MAX_ORIGINAL: i64 = 64 << 20;

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let lib = ctx.app_handle().state::<AppState>().library();
    let path = request.uri().path().to_string();
    // Reading files must not block the webview's thread.
    std::thread::spawn(move || {
        let response = match lib {
            Ok(lib) => serve(&lib, &path),
            Err(_) => status(StatusCode::SERVICE_UNAVAILABLE),
        };
        responder.respond(response);
    });
}

fn status(code: StatusCode) -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = code;
    r
}

fn ok(media_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .header("Content-Type", media_type)
        .header("Cache-Control", "max-age=31536000, immutable")
        .header("X-Content-Type-Options", "nosniff")
        .body(body)
        .unwrap_or_else(|_| status(StatusCode::INTERNAL_SERVER_ERROR))
}

/// `convertFileSrc` percent-encodes the whole path, slashes included.
fn parts(path: &str) -> Vec<String> {
    let decoded = path.replace("%2F", "/").replace("%2f", "/");
    decoded
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn serve(lib: &Library, path: &str) -> Response<Vec<u8>> {
    let p = parts(path);
    let id = p.get(1).and_then(|s| s.parse::<i64>().ok());
    let (Some(kind), Some(id)) = (p.first(), id) else {
        return status(StatusCode::BAD_REQUEST);
    };
    let Ok(item) = lib.item(id) else {
        return status(StatusCode::NOT_FOUND);
    };
    let r = &item.record;
    match kind.as_str() {
        "thumb" => {
            let size = p.get(2).and_then(|s| s.parse::<u32>().ok()).unwrap_or(256);
            if !picture::THUMB_SIZES.contains(&size) {
                return status(StatusCode::BAD_REQUEST);
            }
            match picture::open_thumb(&lib.thumbs_dir(), &r.sha256, size) {
                Some(f) => {
                    read(f).map_or_else(|| status(StatusCode::NOT_FOUND), |b| ok("image/jpeg", b))
                }
                None => status(StatusCode::NOT_FOUND),
            }
        }
        "original" if r.media_type.starts_with("image/") && r.size <= MAX_ORIGINAL => {
            match lib.objects().open(&r.sha256) {
                Ok(f) => {
                    read(f).map_or_else(|| status(StatusCode::NOT_FOUND), |b| ok(&r.media_type, b))
                }
                Err(_) => status(StatusCode::NOT_FOUND),
            }
        }
        _ => status(StatusCode::NOT_FOUND),
    }
}

fn read(mut f: std::fs::File) -> Option<Vec<u8>> {
    let mut b = Vec::new();
    f.read_to_end(&mut b).ok().map(|_| b)
}
