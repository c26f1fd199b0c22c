//! Regular expressions for numbered facts: order and ticket numbers, amounts, promises, dates.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use rust_decimal::Decimal;

use super::{FactKind, Found};

pub(crate) fn re(pattern: &str) -> Regex {
    // Patterns are literals checked by the tests below; an invalid one is a programming error.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

static ORDER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:订单号|订单编号|订单号码|商户单号|商家订单号|交易单号|交易订单号|order\s*(?:no\.?|number|num|id|#))\s*[:：#]?\s*([A-Za-z0-9][A-Za-z0-9_-]{5,39})",
    )
});
static TICKET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:工单号|工单编号|投诉单号|服务单号|受理单号|ticket\s*(?:no\.?|number|id)?|case\s*(?:no\.?|number|id|#))\s*[:：#]?\s*#?([A-Za-z0-9][A-Za-z0-9_-]{3,39})",
    )
});
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(¥|￥|RMB\s?|CNY\s?|\$|USD\s?)\s?(\d{1,9}(?:,\d{3})*(?:\.\d{1,2})?))|(?:(\d{1,9}(?:,\d{3})*(?:\.\d{1,2})?)\s?(元|块|人民币))",
    )
});
static PROMISE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(\d{1,3})\s*(?:个)?(小时|分钟|天|日|个工作日|工作日)内(?:为您)?(激活|到账|处理|退款|发货|开通|回复|解决|完成|生效|补发)?)|(?:within\s+(\d{1,3})\s+(business\s+days|working\s+days|days|hours|minutes))",
    )
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?"));

pub fn order_numbers(text: &str, out: &mut Vec<Found>) {
    capture_group(&ORDER, FactKind::OrderNo, text, out);
}

pub fn ticket_numbers(text: &str, out: &mut Vec<Found>) {
    capture_group(&TICKET, FactKind::TicketNo, text, out);
}

fn capture_group(re: &Regex, kind: FactKind, text: &str, out: &mut Vec<Found>) {
    for c in re.captures_iter(text) {
        if let Some(m) = c.get(1) {
            out.push(Found {
                kind,
                value: m.as_str().to_string(),
                start: m.start(),
                end: m.end(),
            });
        }
    }
}

pub fn amounts(text: &str, out: &mut Vec<Found>) {
    for c in AMOUNT.captures_iter(text) {
        let (Some(whole), number, currency) = (c.get(0), c.get(2).or(c.get(3)), c.get(1)) else {
            continue;
        };
        let Some(number) = number else { continue };
        let code = match currency.map(|m| m.as_str().trim().to_ascii_uppercase()) {
            Some(s) if s == "$" || s == "USD" => "USD",
            _ => "CNY",
        };
        let Ok(mut d) = number.as_str().replace(',', "").parse::<Decimal>() else {
            continue;
        };
        d.rescale(2);
        out.push(Found {
            kind: FactKind::Amount,
            value: format!("{d} {code}"),
            start: whole.start(),
            end: whole.end(),
        });
    }
}

pub fn promises(text: &str, out: &mut Vec<Found>) {
    for m in PROMISE.find_iter(text) {
        out.push(Found {
            kind: FactKind::Promise,
            value: m.as_str().to_string(),
            start: m.start(),
            end: m.end(),
        });
    }
}

pub fn dates(text: &str, out: &mut Vec<Found>) {
    for c in DATE.captures_iter(text) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(whole), Some(y), Some(m), Some(d)) = (c.get(0), num(1), num(2), num(3)) else {
            continue;
        };
        // Part of a longer number (an order number such as 202611020001) is not a date.
        let glued = text
            .get(whole.end()..)
            .and_then(|s| s.chars().next())
            .is_some_and(|ch| ch.is_ascii_digit())
            || text
                .get(..whole.start())
                .and_then(|s| s.chars().last())
                .is_some_and(|ch| ch.is_ascii_digit());
        if glued {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
            out.push(Found {
                kind: FactKind::Date,
                value: date.format("%Y-%m-%d").to_string(),
                start: whole.start(),
                end: whole.end(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for r in [&ORDER, &TICKET, &AMOUNT, &PROMISE, &DATE] {
            LazyLock::force(r);
        }
    }

    #[test]
    fn amounts_in_several_shapes() {
        let mut out = Vec::new();
        amounts("实付¥68.00，共 1,299 元？另付 RMB 5.5 和 $3", &mut out);
        let v: Vec<_> = out.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(v, ["68.00 CNY", "1299.00 CNY", "5.50 CNY", "3.00 USD"]);
    }

    #[test]
    fn long_digit_runs_are_not_dates() {
        let mut out = Vec::new();
        dates("订单 202611020001 于 2026/11/02 支付", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].value, "2026-11-02");
    }
}
