//! The smallest typst `World` that renders the report: one main file (the template from
//! assets/), one data file, picture previews read from the library's thumbs/ on demand, and the
//! bundled Noto Sans SC fonts. No file system access beyond those previews, no packages, no
//! network; "today" is the pack's own time, so the output depends only on the case.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

const TEMPLATE: &str = include_str!("../../../../../assets/report/report.typ");
macro_rules! font {
    ($file:literal) => {
        include_bytes!(concat!("../../../../../assets/fonts/", $file)).as_slice()
    };
}

/// Noto Sans SC first (the report's own font), then the fallbacks typst tries in order for a
/// character the CJK font lacks: emoji (monochrome, as PDF/A wants), Latin/Greek/Cyrillic,
/// Hangul, Thai, Arabic, Hebrew, Devanagari and two symbol sets. All OFL-1.1, licences in
/// assets/fonts/licenses/; what none of them covers is printed as a code point (see `glyphs`).
const FONTS: [&[u8]; 11] = [
    font!("NotoSansSC-Regular.ttf"),
    font!("NotoSansSC-Bold.ttf"),
    font!("NotoEmoji-Regular.ttf"),
    font!("NotoSans-Regular.ttf"),
    font!("NotoSansKR-Regular.ttf"),
    font!("NotoSansThai-Regular.ttf"),
    font!("NotoSansArabic-Regular.ttf"),
    font!("NotoSansHebrew-Regular.ttf"),
    font!("NotoSansDevanagari-Regular.ttf"),
    font!("NotoSansSymbols-Regular.ttf"),
    font!("NotoSansSymbols2-Regular.ttf"),
];

/// Fonts are parsed once per process: they are large and never change.
pub(super) fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS_PARSED: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS_PARSED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .into_iter()
            .flat_map(|b| Font::iter(Bytes::new(b)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIB: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIB.get_or_init(|| LazyHash::new(Library::default()))
}

pub fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

pub struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    /// Virtual path id -> preview file on disk.
    images: HashMap<FileId, PathBuf>,
    today: Datetime,
}

impl ReportWorld {
    pub fn new(
        data_json: Vec<u8>,
        images: HashMap<FileId, PathBuf>,
        today: Datetime,
    ) -> Option<Self> {
        let main_id = file_id("report.typ")?;
        Some(ReportWorld {
            main: Source::new(main_id, TEMPLATE.to_string()),
            data_id: file_id("data.json")?,
            data: Bytes::new(data_json),
            images,
            today,
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        let path = self.images.get(&id).ok_or(FileError::AccessDenied)?;
        std::fs::read(path)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, path))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
