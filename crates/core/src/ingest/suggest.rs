//! Which of the three categories an item probably belongs to, and why. Shown as a suggestion
//! the user accepts or changes; never silently final.

use serde::{Deserialize, Serialize};

use super::analyze::Derived;
use crate::case::Category;
use crate::extract::{Fact, FactKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Suggestion {
    pub category: Category,
    pub reason: String,
    pub reason_zh: String,
}

const PURCHASE_WORDS: &[&str] = &[
    "订单", "支付", "付款", "账单", "收据", "发票", "购买", "order", "payment", "receipt",
    "invoice", "bill", "paid",
];
const NON_DELIVERY_WORDS: &[&str] = &[
    "会员",
    "未到账",
    "未激活",
    "未开通",
    "状态",
    "权益",
    "到期",
    "membership",
    "status",
    "not activated",
    "inactive",
    "vip",
];
const CHAT_WORDS: &[&str] = &[
    "聊天",
    "客服",
    "对话",
    "工单",
    "投诉",
    "chat",
    "support",
    "conversation",
    "ticket",
    "complaint",
];

fn s(category: Category, en: &str, zh: &str) -> Suggestion {
    Suggestion {
        category,
        reason: en.into(),
        reason_zh: zh.into(),
    }
}

pub fn suggest(name: &str, media_type: &str, derived: &Derived, facts: &[Fact]) -> Suggestion {
    match derived.body.kind() {
        "bill" => {
            return s(
                Category::Purchase,
                "a payment bill: it records the purchase",
                "支付账单：记录了购买",
            )
        }
        "transcript" => {
            return s(
                Category::Communication,
                "a chat log: the conversation with support",
                "聊天记录：与客服的沟通",
            )
        }
        _ => {}
    }
    // "wechat" names the app (bills and chats alike), not a conversation.
    let lower = name.to_lowercase().replace("wechat", "");
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(CHAT_WORDS) {
        return s(
            Category::Communication,
            "the file name points to a support conversation",
            "文件名表明是与客服的沟通",
        );
    }
    if has(NON_DELIVERY_WORDS) {
        return s(
            Category::NonDelivery,
            "the file name points to a membership or status screen",
            "文件名表明是会员或状态页面",
        );
    }
    if has(PURCHASE_WORDS) {
        return s(
            Category::Purchase,
            "the file name points to an order or payment",
            "文件名表明是订单或支付记录",
        );
    }
    let found = |k: FactKind| facts.iter().any(|f| f.kind == k && f.source != "file_name");
    if found(FactKind::Refusal) || found(FactKind::TicketNo) {
        return s(
            Category::Communication,
            "it contains a refusal or a ticket number",
            "其中有拒绝退款的说法或工单号",
        );
    }
    if found(FactKind::OrderNo) && found(FactKind::Amount) {
        return s(
            Category::Purchase,
            "it shows an order number and an amount",
            "其中有订单号和金额",
        );
    }
    if media_type.starts_with("image/") {
        return s(
            Category::Other,
            "a picture: look at it and choose its category",
            "图片：请查看后选择类别",
        );
    }
    s(
        Category::Other,
        "nothing in it points to one category",
        "内容不能表明属于哪一类",
    )
}

/// What a capture's recognised text (NFKC) shows it to be, naming the words seen. `None` when
/// the text points nowhere (the picture's own suggestion stands).
pub fn from_capture(text: &str, read: Option<&crate::ocr::OcrText>) -> Option<Suggestion> {
    let chat = read.is_some_and(crate::ocr::chat::two_sided);
    // First match wins: a chat also names orders, a status page often shows the order too.
    let kinds: [(bool, &[&str], Category, &str, &str); 3] = [
        (
            chat,
            CAPTURE_CHAT,
            Category::Communication,
            "a chat capture: messages on both sides, and it shows",
            "聊天截图：左右两侧都有消息，且出现",
        ),
        (
            true,
            CAPTURE_NON_DELIVERY,
            Category::NonDelivery,
            "a membership or status page: it shows",
            "会员或状态页面：出现",
        ),
        (
            true,
            CAPTURE_PURCHASE,
            Category::Purchase,
            "a payment or order page: it shows",
            "支付或订单页面：出现",
        ),
    ];
    kinds
        .into_iter()
        .find_map(|(possible, words, category, en, zh)| {
            let seen: Vec<&str> = words.iter().copied().filter(|w| text.contains(w)).collect();
            (possible && !seen.is_empty()).then(|| {
                let w = seen.join("、");
                Suggestion {
                    category,
                    reason: format!("{en} {w}"),
                    reason_zh: format!("{zh}“{w}”"),
                }
            })
        })
}

/// Words a capture's text is matched on (after NFKC, so a full-width colon is ":").
const CAPTURE_CHAT: &[&str] = &["客服", "人工", "在线咨询", "customer service", "support"];
const CAPTURE_NON_DELIVERY: &[&str] = &[
    "未开通",
    "未激活",
    "未到账",
    "会员状态",
    "有效期--",
    "有效期 --",
    "未生效",
    "not activated",
];
const CAPTURE_PURCHASE: &[&str] = &[
    "支付成功",
    "付款成功",
    "交易单号",
    "商户单号",
    "商户订单号",
    "交易号",
    "订单号",
    "订单编号",
    "实付款",
    "实付",
    "payment successful",
    "order no",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Derived {
        Derived::nothing("")
    }

    #[test]
    fn names_point_to_categories_but_wechat_is_not_a_chat() {
        assert_eq!(
            suggest("客服聊天截图.png", "image/png", &none(), &[]).category,
            Category::Communication
        );
        assert_eq!(
            suggest("会员中心.png", "image/png", &none(), &[]).category,
            Category::NonDelivery
        );
        assert_eq!(
            suggest("支付成功.jpg", "image/jpeg", &none(), &[]).category,
            Category::Purchase
        );
        assert_eq!(
            suggest("wechat_order.png", "image/png", &none(), &[]).category,
            Category::Purchase
        );
        assert_eq!(
            suggest("IMG_0001.PNG", "image/png", &none(), &[]).category,
            Category::Other
        );
    }

    #[test]
    fn parsed_kinds_win_over_names() {
        let bill = Derived {
            body: crate::ingest::analyze::Body::Bill(crate::ingest::bill::Bill {
                format: "alipay_csv".into(),
                ..Default::default()
            }),
            ..none()
        };
        assert_eq!(
            suggest("客服.csv", "text/csv", &bill, &[]).category,
            Category::Purchase
        );
    }
}
