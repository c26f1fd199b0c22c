//! Consistency warnings (order numbers, amounts, dates, promises) and the deadline windows.

use crate::ingest::derived::BILL_SOURCE;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, FixedOffset, Months, NaiveDate, NaiveDateTime, TimeDelta, Weekday,
};
use rust_decimal::Decimal;

use super::rules::{self, strong_rows};
use super::{Requirement, Status, Warning, Window};
use crate::case::{Case, Category, Numbers};
use crate::extract::{Fact, FactKind};
use crate::ingest::analyze::Body;
use crate::ingest::bill::Direction;
use crate::ingest::chat::Transcript;
use crate::ingest::derived::ItemDetails;

/// When the purchase happened: a date, and the time of day when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Purchase {
    pub date: NaiveDate,
    pub at: Option<NaiveDateTime>,
}

/// The case's paid-at field, else the first bill row tied to the case.
pub fn purchase_time(case: &Case, items: &[&ItemDetails]) -> Option<Purchase> {
    case.fields
        .paid_at
        .as_deref()
        .and_then(parse_local)
        .or_else(|| items.iter().find_map(|d| bill_row_time(d)))
}

/// `YYYY-MM-DD`, a local date-time, or RFC 3339 (read in its own offset, i.e. China time).
fn parse_local(s: &str) -> Option<Purchase> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        let at = t.naive_local();
        return Some(Purchase {
            date: at.date(),
            at: Some(at),
        });
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some(Purchase {
            date: at.date(),
            at: Some(at),
        });
    }
    let date = crate::time::day_of(s)?;
    Some(Purchase { date, at: None })
}

fn bill_row_time(d: &ItemDetails) -> Option<Purchase> {
    let Some(Body::Bill(bill)) = d.derived.as_ref().map(|x| &x.body) else {
        return None;
    };
    let rows = strong_rows(d);
    bill.rows
        .iter()
        .filter(|r| rows.contains(&r.row))
        .find_map(|r| parse_local(&r.time))
}

pub fn windows(p: Option<&Purchase>) -> (Option<Window>, Option<String>) {
    let Some(p) = p else {
        return (None, None);
    };
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let cooling = match (
        p.date.checked_add_days(chrono::Days::new(7)),
        p.date.checked_add_days(chrono::Days::new(15)),
    ) {
        (Some(from), Some(to)) => Some(Window {
            from: day(from),
            to: day(to),
        }),
        _ => None,
    };
    (cooling, p.date.checked_add_months(Months::new(36)).map(day))
}

pub fn warnings(
    case: &Case,
    items: &[&ItemDetails],
    reqs: &[Requirement],
    purchase: Option<&Purchase>,
    (now, nums): (DateTime<FixedOffset>, &Numbers),
) -> Vec<Warning> {
    [
        order_no_mismatch(case, items, nums),
        amount_mismatch(case, items, nums),
        double_payment(items, nums),
        purchase_after_contact(items, purchase, nums),
        capture_before_purchase(items, purchase, nums),
        promise_passed(items, now, nums),
        no_non_delivery(reqs),
        super::channels::private_channel(items, nums),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn warning(id: &str, en: String, zh: String, mut items: Vec<i64>) -> Warning {
    items.sort_unstable();
    items.dedup();
    Warning {
        id: id.into(),
        message: en,
        message_zh: zh,
        items,
    }
}

/// Facts of `kind` not taken from bill columns (every row of a bill is some other purchase).
fn own_facts(d: &ItemDetails, kind: FactKind) -> impl Iterator<Item = &Fact> {
    d.facts
        .iter()
        .filter(move |f| f.kind == kind && f.source != BILL_SOURCE)
}

pub fn order_no_mismatch(case: &Case, items: &[&ItemDetails], nums: &Numbers) -> Option<Warning> {
    let want = case.fields.order_no.as_deref()?.trim();
    let odd: Vec<&Fact> = items
        .iter()
        .flat_map(|d| own_facts(d, FactKind::OrderNo))
        .filter(|f| f.value.trim() != want)
        .collect();
    if odd.is_empty() {
        return None;
    }
    let (values, ids, (en, zh)) = disagreeing(&odd, nums);
    Some(warning(
        "order_no_mismatch",
        format!("Order numbers {values} ({en}) differ from the case's {want}: check which is right; the letter must quote one order number."),
        format!("订单号 {values}（{zh}）与案件订单号 {want} 不一致：请核实哪个正确，申诉信只能引用一个订单号。"),
        ids,
    ))
}

/// The disagreeing values, the items they come from, and those items as a readable list.
fn disagreeing(odd: &[&Fact], nums: &Numbers) -> (String, Vec<i64>, (String, String)) {
    let values = joined(odd.iter().map(|f| f.value.as_str()));
    let ids: Vec<i64> = odd.iter().map(|f| f.item_id).collect();
    let list = nums.list(&ids);
    (values, ids, list)
}

fn joined<S: AsRef<str>>(it: impl Iterator<Item = S>) -> String {
    let mut v: Vec<String> = it.map(|s| s.as_ref().to_string()).collect();
    v.sort();
    v.dedup();
    v.join(", ")
}

/// `"68.00 CNY"` -> 68.00 when the currency is CNY.
fn cny(value: &str) -> Option<Decimal> {
    let (num, cur) = value.trim().split_once(' ')?;
    (cur == "CNY").then(|| Decimal::from_str(num).ok())?
}

pub fn amount_mismatch(case: &Case, items: &[&ItemDetails], nums: &Numbers) -> Option<Warning> {
    if case.fields.currency != "CNY" {
        return None;
    }
    let want = Decimal::from_str(case.fields.amount.as_deref()?).ok()?;
    let odd: Vec<&Fact> = items
        .iter()
        .filter(|d| d.item.record.category == Category::Purchase)
        .flat_map(|d| own_facts(d, FactKind::Amount))
        .filter(|f| cny(&f.value).is_some_and(|a| a != want))
        .collect();
    if odd.is_empty() {
        return None;
    }
    let (values, ids, (en, zh)) = disagreeing(&odd, nums);
    Some(warning(
        "amount_mismatch",
        format!("Purchase records ({en}) show amounts {values}, not the case's {want} CNY: check the amount; the letter must not overclaim."),
        format!("购买凭证（{zh}）显示的金额 {values} 与案件金额 {want} 元不一致：请核实金额，申诉信不能多要。"),
        ids,
    ))
}

/// Two payments tied to this purchase (say a WeChat Pay and an Alipay bill both showing it): the
/// user paid twice, or the same payment is on file twice. Either way they must say which.
pub fn double_payment(items: &[&ItemDetails], nums: &Numbers) -> Option<Warning> {
    let mut paid: Vec<(i64, u32, &str)> = Vec::new();
    for d in items {
        let Some(Body::Bill(b)) = d.derived.as_ref().map(|x| &x.body) else {
            continue;
        };
        let rows = strong_rows(d);
        paid.extend(
            b.rows
                .iter()
                .filter(|r| rows.contains(&r.row) && r.direction == Direction::Expense)
                .map(|r| (d.item.record.id, r.row, r.amount.as_str())),
        );
    }
    let (_, _, amount) = *paid.first()?;
    let same: Vec<&(i64, u32, &str)> = paid.iter().filter(|p| p.2 == amount).collect();
    if same.len() < 2 {
        return None;
    }
    let (en, zh): (Vec<String>, Vec<String>) = same
        .iter()
        .map(|(id, row, _)| {
            let n = nums.cite(*id);
            (
                format!("evidence {n} row {row}"),
                format!("证据{n}第 {row} 行"),
            )
        })
        .unzip();
    Some(warning(
        "possible_double_payment",
        format!("{} payment records of ¥{amount} are tied to this purchase ({}): if you paid twice, ask for both back; if it is one payment on file twice, withdraw the copy.", same.len(), en.join(", ")),
        format!("有 {} 条 ¥{amount} 的支付记录对应本次购买（{}）：如果确实付了两次，应要求全部退还；如果是同一笔付款的重复记录，请撤回多余的一份。", same.len(), zh.join("、")),
        same.iter().map(|p| p.0).collect(),
    ))
}

fn transcripts<'a>(items: &[&'a ItemDetails]) -> Vec<(&'a ItemDetails, &'a Transcript)> {
    items
        .iter()
        .filter_map(|d| match d.derived.as_ref().map(|x| &x.body) {
            Some(Body::Transcript(t)) => Some((*d, t)),
            _ => None,
        })
        .collect()
}

/// Complaining about a purchase before making it means a date (or the file) is wrong.
pub fn purchase_after_contact(
    items: &[&ItemDetails],
    p: Option<&Purchase>,
    nums: &Numbers,
) -> Option<Warning> {
    let p = p?;
    let chats: Vec<_> = transcripts(items)
        .into_iter()
        .filter(|(d, _)| d.item.record.category == Category::Communication)
        .collect();
    let (item, first) = chats
        .iter()
        .filter_map(|(d, t)| {
            let times = t.messages.iter().filter_map(|m| m.time.as_deref());
            times
                .filter_map(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| t.naive_local())
                .min()
                .map(|t| (d.item.record.id, t))
        })
        .min_by_key(|(_, t)| *t)?;
    let after = match p.at {
        Some(at) => at > first,
        None => p.date > first.date(),
    };
    after.then(|| {
        let shown = p.at.map_or(p.date.to_string(), |a| a.to_string());
        let (en, zh) = nums.list(&[item]);
        warning(
            "purchase_after_contact",
            format!("The purchase ({shown}) is dated after the first support message ({first}, {en}): check the paid-at date and the chat."),
            format!("购买时间（{shown}）晚于第一条客服消息（{first}，{zh}）：请核对支付时间和聊天记录。"),
            vec![item],
        )
    })
}

/// A screenshot meant to prove non-delivery whose own time (EXIF or file name) is a day or more
/// before the purchase: a status seen before paying proves nothing about delivery.
pub fn capture_before_purchase(
    items: &[&ItemDetails],
    p: Option<&Purchase>,
    nums: &Numbers,
) -> Option<Warning> {
    let p = p?;
    let early: Vec<(i64, String, crate::text::Text)> = items
        .iter()
        .filter(|d| d.item.record.category == Category::NonDelivery)
        .filter_map(|d| {
            let t = d.source_time.as_ref()?;
            let day = crate::time::day_of(&t.at)?;
            (day < p.date).then(|| (d.item.record.id, day.to_string(), t.source.label()))
        })
        .collect();
    let (_, day, from) = early.first()?.clone();
    let ids: Vec<i64> = early.iter().map(|(i, _, _)| *i).collect();
    let (en, zh) = nums.list(&ids);
    Some(warning(
        "capture_before_purchase",
        format!("The screenshot {en} is dated {day} ({}), before the purchase on {}: a status seen before paying does not show non-delivery; check it is the right screenshot.", from.en, p.date),
        format!("截图{zh}的时间为 {day}（{}），早于购买日期 {}：付款前的状态证明不了未履行，请核实是否传错了截图。", from.zh, p.date),
        ids,
    ))
}

/// Promised durations: "7小时内激活", "3个工作日内", "within 3 business days".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Span {
    Minutes(i64),
    Hours(i64),
    Days(u64),
    BusinessDays(u64),
}

pub fn parse_span(value: &str) -> Option<Span> {
    let digits: String = value
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let n: u64 = digits.parse().ok()?;
    let v = value.to_lowercase();
    let has = |ws: &[&str]| ws.iter().any(|w| v.contains(w));
    // 工作日 before 日: "工作日" contains "日".
    Some(if has(&["工作日", "business", "working"]) {
        Span::BusinessDays(n)
    } else if has(&["小时", "hour"]) {
        Span::Hours(n as i64)
    } else if has(&["分钟", "minute"]) {
        Span::Minutes(n as i64)
    } else if has(&["天", "日", "day"]) {
        Span::Days(n)
    } else {
        return None;
    })
}

pub fn deadline(from: DateTime<FixedOffset>, span: Span) -> Option<DateTime<FixedOffset>> {
    match span {
        Span::Minutes(n) => from.checked_add_signed(TimeDelta::try_minutes(n)?),
        Span::Hours(n) => from.checked_add_signed(TimeDelta::try_hours(n)?),
        Span::Days(n) => from.checked_add_days(chrono::Days::new(n)),
        Span::BusinessDays(n) => {
            let mut t = from;
            let mut left = n;
            // Weekends only: public holidays vary by year and are not known here.
            while left > 0 {
                t = t.checked_add_days(chrono::Days::new(1))?;
                if !matches!(t.weekday(), Weekday::Sat | Weekday::Sun) {
                    left -= 1;
                }
            }
            Some(t)
        }
    }
}

/// Promises made in a chat whose deadline is already behind us: the letter should cite them.
pub fn promise_passed(
    items: &[&ItemDetails],
    now: DateTime<FixedOffset>,
    nums: &Numbers,
) -> Option<Warning> {
    let mut found: Vec<(i64, String, DateTime<FixedOffset>)> = Vec::new();
    for (d, t) in transcripts(items) {
        for f in own_facts(d, FactKind::Promise).filter(|f| f.source == "transcript") {
            let said = usize::try_from(f.position)
                .ok()
                .and_then(|i| t.messages.get(i))
                .and_then(|m| m.time.as_deref())
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok());
            let due = said
                .zip(parse_span(&f.value))
                .and_then(|(s, span)| deadline(s, span));
            if let Some(due) = due.filter(|due| *due < now) {
                found.push((f.item_id, f.value.clone(), due));
            }
        }
    }
    if found.is_empty() {
        return None;
    }
    let list = found
        .iter()
        .map(|(i, v, due)| {
            format!(
                "\"{v}\" ({}, due {})",
                nums.list(&[*i]).0,
                due.format("%Y-%m-%d %H:%M")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let list_zh = found
        .iter()
        .map(|(i, v, due)| {
            format!(
                "“{v}”（{}，应于 {} 前）",
                nums.list(&[*i]).1,
                due.format("%Y-%m-%d %H:%M")
            )
        })
        .collect::<Vec<_>>()
        .join("；");
    Some(warning(
        "promise_deadline_passed",
        format!("Promise deadline passed: {list}. Quote it in the letter as the promise not kept."),
        format!("承诺期限已过：{list_zh}。请在申诉信中作为“未履行承诺”引用。"),
        found.iter().map(|(i, _, _)| *i).collect(),
    ))
}

/// docs/DOMAIN.md: a payment record without proof of non-delivery lets the platform claim
/// "service provided".
pub fn no_non_delivery(reqs: &[Requirement]) -> Option<Warning> {
    let status = |id: &str| reqs.iter().find(|r| r.id == id).map(|r| r.status);
    let paid = status(rules::PAYMENT).is_some_and(|s| s != Status::Missing);
    (paid && status(rules::NON_DELIVERY) == Some(Status::Missing)).then(|| {
        warning(
            "payment_without_non_delivery",
            "There is a payment record but no proof the service was not provided: the platform can claim \"service provided\". Add a screenshot of the membership status.".into(),
            "有支付记录却没有服务未履行的证明：平台可以声称“已提供服务”。请添加会员状态截图。".into(),
            vec![],
        )
    })
}
