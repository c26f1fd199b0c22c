//! The export formats Proofpack reads, each named once: the name stored with a derived reading
//! (`alipay_csv`) and what a person calls it in both languages.

use serde::{Deserialize, Serialize};

use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    AlipayCsv,
    AlipayWebCsv,
    WechatCsv,
    WechatXlsx,
    QqTxt,
    WechatmsgCsv,
    WechatmsgTxt,
    PywxdumpCsv,
    TelegramJson,
    WhatsappTxt,
    Plain,
    /// A chat screenshot read by OCR.
    OcrCapture,
}

impl Format {
    pub const ALL: [Format; 12] = [
        Self::AlipayCsv,
        Self::AlipayWebCsv,
        Self::WechatCsv,
        Self::WechatXlsx,
        Self::QqTxt,
        Self::WechatmsgCsv,
        Self::WechatmsgTxt,
        Self::PywxdumpCsv,
        Self::TelegramJson,
        Self::WhatsappTxt,
        Self::Plain,
        Self::OcrCapture,
    ];

    /// The stored name.
    pub fn as_str(self) -> String {
        crate::error::wire_name(&self)
    }

    pub fn parse(name: &str) -> Option<Format> {
        crate::error::from_wire_name(name)
    }

    pub fn label(self) -> Text {
        match self {
            Self::AlipayCsv => Text::new("Alipay bill (CSV)", "支付宝账单（CSV）"),
            Self::AlipayWebCsv => Text::new("Alipay web bill (CSV)", "支付宝网页版账单（CSV）"),
            Self::WechatCsv => Text::new("WeChat Pay bill (CSV)", "微信支付账单（CSV）"),
            Self::WechatXlsx => Text::new("WeChat Pay bill (Excel)", "微信支付账单（Excel）"),
            Self::QqTxt => Text::new("QQ chat export (TXT)", "QQ 聊天记录导出（TXT）"),
            Self::WechatmsgCsv => {
                Text::new("WeChatMsg chat export (CSV)", "留痕聊天记录导出（CSV）")
            }
            Self::WechatmsgTxt => {
                Text::new("WeChatMsg chat export (TXT)", "留痕聊天记录导出（TXT）")
            }
            Self::PywxdumpCsv => {
                Text::new("PyWxDump chat export (CSV)", "PyWxDump 聊天记录导出（CSV）")
            }
            Self::TelegramJson => Text::new(
                "Telegram chat export (JSON)",
                "Telegram 聊天记录导出（JSON）",
            ),
            Self::WhatsappTxt => {
                Text::new("WhatsApp chat export (TXT)", "WhatsApp 聊天记录导出（TXT）")
            }
            Self::Plain => Text::new("Plain-text chat", "纯文本聊天记录"),
            Self::OcrCapture => Text::new("Chat screenshot (read by OCR)", "聊天截图（文字识别）"),
        }
    }

    /// The label of a stored format name; "other format" for one this version does not know.
    pub fn label_of(name: &str) -> Text {
        Format::parse(name).map_or(Text::new("other format", "其他格式"), Format::label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_round_trips_through_its_stored_name() {
        for f in Format::ALL {
            assert_eq!(Format::parse(&f.as_str()), Some(f));
        }
        assert_eq!(Format::AlipayCsv.as_str(), "alipay_csv");
        assert_eq!(Format::OcrCapture.as_str(), "ocr_capture");
        assert_eq!(Format::parse("nope"), None);
    }
}
