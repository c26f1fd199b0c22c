//! One requirement per completeness rule of docs/DOMAIN.md, each with bilingual guidance.

use super::{NextStep, Requirement, Status};
use crate::case::{Category, CategorySource, Numbers};
use crate::extract::FactKind;
use crate::ingest::analyze::Body;
use crate::ingest::derived::ItemDetails;
use crate::ingest::derived::BILL_SOURCE;

pub const ORDER: &str = "purchase.order_record";
pub const PAYMENT: &str = "purchase.payment_record";
pub const NON_DELIVERY: &str = "non_delivery.proof";
pub const CHAT: &str = "communication.chat";
pub const REFUSAL: &str = "communication.refusal";
pub const TICKET: &str = "communication.ticket";

/// What a rule found among a set of items.
enum Found {
    Full(Vec<i64>),
    Partial(Vec<i64>),
    Nothing,
}

struct Text {
    title: (&'static str, &'static str),
    missing: (&'static str, &'static str),
    partial: (&'static str, &'static str),
    /// What the program can do about a partial match, if anything.
    partial_next: Option<fn(&[i64]) -> NextStep>,
}

pub fn requirements(items: &[&ItemDetails], nums: &Numbers) -> Vec<Requirement> {
    vec![
        by_category(
            ORDER,
            Category::Purchase,
            (items, nums),
            &ORDER_TEXT,
            order_record,
        ),
        by_category(
            PAYMENT,
            Category::Purchase,
            (items, nums),
            &PAYMENT_TEXT,
            payment_record,
        ),
        by_category(
            NON_DELIVERY,
            Category::NonDelivery,
            (items, nums),
            &NON_DELIVERY_TEXT,
            |s| Found::Full(s.iter().map(|d| d.item.record.id).collect()).nonempty(),
        ),
        by_category(
            CHAT,
            Category::Communication,
            (items, nums),
            &CHAT_TEXT,
            chat,
        ),
        by_fact(
            REFUSAL,
            FactKind::Refusal,
            Status::Missing,
            items,
            &REFUSAL_TEXT,
        ),
        // Not every platform issues ticket numbers: their absence weakens but never blocks.
        by_fact(
            TICKET,
            FactKind::TicketNo,
            Status::Weak,
            items,
            &TICKET_TEXT,
        ),
    ]
}

impl Found {
    fn nonempty(self) -> Found {
        match self {
            Found::Full(v) | Found::Partial(v) if v.is_empty() => Found::Nothing,
            f => f,
        }
    }
}

/// Confirmed items first; if only unconfirmed suggestions satisfy the rule it is weak, because
/// the user has not yet said the file is what Proofpack guessed.
fn by_category(
    id: &str,
    category: Category,
    (items, nums): (&[&ItemDetails], &Numbers),
    text: &Text,
    rule: impl Fn(&[&ItemDetails]) -> Found,
) -> Requirement {
    let all: Vec<&ItemDetails> = items
        .iter()
        .copied()
        .filter(|d| d.item.record.category == category)
        .collect();
    let confirmed: Vec<&ItemDetails> = all
        .iter()
        .copied()
        .filter(|d| d.item.record.category_source == CategorySource::User)
        .collect();
    if let Found::Full(ids) = rule(&confirmed) {
        return requirement(id, category, Status::Satisfied, ids, text.title, ("", ""));
    }
    match rule(&all) {
        Found::Full(ids) => {
            let g = confirm_guidance(&ids, nums);
            let next = NextStep::ConfirmCategory {
                items: ids.clone(),
                category,
            };
            requirement(id, category, Status::Weak, ids, text.title, (&g.0, &g.1)).then(Some(next))
        }
        Found::Partial(ids) => {
            let next = text.partial_next.map(|f| f(&ids));
            requirement(id, category, Status::Weak, ids, text.title, text.partial).then(next)
        }
        Found::Nothing => requirement(
            id,
            category,
            Status::Missing,
            vec![],
            text.title,
            text.missing,
        ),
    }
}

/// Facts speak for the case whatever the category of the item they were found in.
fn by_fact(
    id: &str,
    kind: FactKind,
    absent: Status,
    items: &[&ItemDetails],
    text: &Text,
) -> Requirement {
    let ids: Vec<i64> = items
        .iter()
        .filter(|d| d.facts.iter().any(|f| f.kind == kind))
        .map(|d| d.item.record.id)
        .collect();
    if ids.is_empty() {
        requirement(
            id,
            Category::Communication,
            absent,
            ids,
            text.title,
            text.missing,
        )
    } else {
        requirement(
            id,
            Category::Communication,
            Status::Satisfied,
            ids,
            text.title,
            ("", ""),
        )
    }
}

fn requirement(
    id: &str,
    category: Category,
    status: Status,
    items: Vec<i64>,
    title: (&str, &str),
    guidance: (&str, &str),
) -> Requirement {
    Requirement {
        id: id.into(),
        category,
        status,
        title: title.0.into(),
        title_zh: title.1.into(),
        items,
        guidance: guidance.0.into(),
        guidance_zh: guidance.1.into(),
        basis: String::new(),
        basis_zh: String::new(),
        next: None,
    }
}

impl Requirement {
    fn then(self, next: Option<NextStep>) -> Requirement {
        Requirement { next, ..self }
    }
}

fn confirm_guidance(ids: &[i64], nums: &Numbers) -> (String, String) {
    let (en, zh) = nums.list(ids);
    (
        format!("Only Proofpack's suggestion puts {en} here: open each and accept or change its category."),
        format!("{zh}的类别只是自动建议：请逐一打开，接受或更改类别。"),
    )
}

/// Bill rows tied to the case: rows the user confirmed, else rows matching its order number,
/// or its amount and date together (an amount alone matches too many purchases).
pub fn strong_rows(d: &ItemDetails) -> Vec<u32> {
    if !d.item.bill_rows.is_empty() {
        return d.item.bill_rows.clone();
    }
    let has = |m: &crate::ingest::derived::RowMatch, f: &str| m.fields.iter().any(|x| x == f);
    d.bill_matches
        .iter()
        .filter(|m| has(m, "order_no") || (has(m, "amount") && has(m, "date")))
        .map(|m| m.row)
        .collect()
}

fn is_kind(d: &ItemDetails, kind: &str) -> bool {
    d.derived.as_ref().is_some_and(|x| x.body.kind() == kind)
}

fn has_fact(d: &ItemDetails, kind: FactKind) -> bool {
    // Bill facts cover every row of the bill, most of them other purchases: they don't count.
    d.facts
        .iter()
        .any(|f| f.kind == kind && f.source != BILL_SOURCE)
}

fn order_record(items: &[&ItemDetails]) -> Found {
    let ids = |p: &dyn Fn(&ItemDetails) -> bool| -> Vec<i64> {
        items
            .iter()
            .filter(|d| p(d))
            .map(|d| d.item.record.id)
            .collect()
    };
    let full = ids(&|d| {
        (has_fact(d, FactKind::OrderNo) && has_fact(d, FactKind::Amount))
            || !strong_rows(d).is_empty()
    });
    if !full.is_empty() {
        return Found::Full(full);
    }
    Found::Partial(ids(&|d| {
        has_fact(d, FactKind::OrderNo)
            || has_fact(d, FactKind::Amount)
            || !d.bill_matches.is_empty()
    }))
    .nonempty()
}

const PAYMENT_WORDS: [&str; 10] = [
    "支付",
    "付款",
    "已付",
    "交易成功",
    "账单",
    "收款",
    "payment",
    "paid",
    "receipt",
    "transaction",
];

/// A picture whose name, note or facts say it shows a payment (支付成功 page, bill detail).
fn payment_picture(d: &ItemDetails) -> bool {
    let r = &d.item.record;
    let mut texts = vec![r.original_name.to_lowercase()];
    texts.extend(r.note.as_ref().map(|n| n.to_lowercase()));
    texts.extend(d.facts.iter().map(|f| f.snippet.to_lowercase()));
    is_kind(d, "image")
        && texts
            .iter()
            .any(|t| PAYMENT_WORDS.iter().any(|w| t.contains(w)))
}

fn payment_record(items: &[&ItemDetails]) -> Found {
    let full: Vec<i64> = items
        .iter()
        .filter(|d| (is_kind(d, "bill") && !strong_rows(d).is_empty()) || payment_picture(d))
        .map(|d| d.item.record.id)
        .collect();
    if !full.is_empty() {
        return Found::Full(full);
    }
    Found::Partial(
        items
            .iter()
            .filter(|d| is_kind(d, "bill"))
            .map(|d| d.item.record.id)
            .collect(),
    )
    .nonempty()
}

fn chat(items: &[&ItemDetails]) -> Found {
    let readable = |d: &ItemDetails| {
        matches!(
            d.derived.as_ref().map(|x| &x.body),
            Some(Body::Transcript(_))
        ) || is_kind(d, "image")
            || d.item.record.media_type.starts_with("image/")
    };
    let full: Vec<i64> = items
        .iter()
        .filter(|d| readable(d))
        .map(|d| d.item.record.id)
        .collect();
    if !full.is_empty() {
        return Found::Full(full);
    }
    Found::Partial(items.iter().map(|d| d.item.record.id).collect()).nonempty()
}

static ORDER_TEXT: Text = Text {
    title: ("Order record: order number, amount, product", "订单记录：订单号、金额、商品名称"),
    missing: (
        "Add the order page: in the platform's app open My orders (我的订单) → this order and take one screenshot showing the order number, amount, product name and payment time. A WeChat Pay / Alipay bill row with the order number also counts.",
        "添加订单记录：在平台 App 打开「我的订单」→ 本订单，截一张同时显示订单号、金额、商品名称和支付时间的图。含订单号的微信支付/支付宝账单行也可以。",
    ),
    partial: (
        "The order record shows only part of order number / amount / product: screenshot the full order detail page, and fill in the case's order number, amount and date so the bill row can be matched.",
        "订单记录只显示了订单号/金额/商品中的一部分：请截取完整的订单详情页，并填写案件的订单号、金额和日期，以便匹配账单行。",
    ),
    partial_next: Some(|_| NextStep::EditCase),
};

static PAYMENT_TEXT: Text = Text {
    title: ("Payment success record", "支付成功记录"),
    missing: (
        "Add the payment record. WeChat Pay: 微信 → 我 → 服务 → 钱包 → 账单 → 常见问题 → 下载账单 (for personal reconciliation, sent to your e-mail). Alipay: 我的 → 账单 → ··· (top right) → 开具交易流水证明. Or screenshot the payment detail page (账单详情 showing 支付成功, amount, merchant and 交易单号).",
        "添加支付记录。微信支付：微信 → 我 → 服务 → 钱包 → 账单 → 常见问题 → 下载账单（用于个人对账，发送到邮箱）。支付宝：我的 → 账单 → 右上角「···」→ 开具交易流水证明。或截取账单详情页（显示支付成功、金额、商户和交易单号）。",
    ),
    partial: (
        "A bill is here but no row is tied to this case: fill in the case's order number, amount and paid date, then open the bill and confirm the row that is this purchase.",
        "已有账单，但没有一行与本案对应：请填写案件的订单号、金额和支付日期，然后打开账单，确认对应本次购买的那一行。",
    ),
    partial_next: Some(|items| NextStep::ConfirmBillRows {
        items: items.to_vec(),
    }),
};

static NON_DELIVERY_TEXT: Text = Text {
    title: ("Proof the service was not provided", "服务未履行证明"),
    missing: (
        "Screenshot the membership centre showing no or wrong membership status (not activated, expiry unchanged) with your account name and the phone's clock visible; also the inbox/SMS showing no activation code arrived. Without it the platform can claim the service was provided.",
        "截取会员中心页面，显示未开通或状态异常（未激活、到期时间未变），并让账号名和手机时间可见；再截取短信/站内信，证明未收到激活码。没有这类证据，平台可以声称“已提供服务”。",
    ),
    partial: ("", ""),
    partial_next: None,
};

static CHAT_TEXT: Text = Text {
    title: ("Conversation with official support", "与官方客服的沟通记录"),
    missing: (
        "Add the whole conversation with the platform's official support (in-app 客服 or official hotline, not private accounts): export the chat as text (e.g. QQ 消息管理器 → 导出为 txt) or screenshot every screen from your first message to the last reply with times visible.",
        "添加与平台官方客服（App 内客服或官方热线，不要用私人账号）的完整沟通记录：把聊天导出为文本（如 QQ 消息管理器 → 导出为 txt），或从第一条消息到最后一条回复逐屏截图，并让时间可见。",
    ),
    partial: (
        "The communication item is not a readable chat: add the chat export (text) or screenshots of the conversation.",
        "沟通类证据不是可读的聊天记录：请添加聊天导出文本或聊天截图。",
    ),
    partial_next: None,
};

static REFUSAL_TEXT: Text = Text {
    title: ("Written refusal or stalling by the platform", "平台拒绝退款的书面表述"),
    missing: (
        "Ask support to state the refusal and its reason in writing (e.g. \"请书面说明不予退款的理由\") and keep that reply: export or screenshot it and add it to the case.",
        "请要求客服以书面形式说明拒绝退款及其理由（如“请书面说明不予退款的理由”），并保存该回复：导出或截图后添加到案件。",
    ),
    partial: ("", ""),
    partial_next: None,
};

static TICKET_TEXT: Text = Text {
    title: ("Ticket number (工单号)", "工单号"),
    missing: (
        "Ask support for a ticket number (工单号) for your refund request and keep the message that gives it; not every platform issues one, so this does not block the file.",
        "请向客服索要退款申请的工单号，并保留给出工单号的消息；并非所有平台都提供工单号，因此不影响证据包完整。",
    ),
    partial: ("", ""),
    partial_next: None,
};
