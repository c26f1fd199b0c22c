//! Refund arithmetic: the goal is restoring the original state (恢复原状), so the claim is the
//! price, or the unused share of it. Exact decimals, rounded half-up to the fen, and the rule
//! used is always stated with the result.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::model::parse_amount;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum RefundBasis {
    /// Nothing was delivered or used: the whole price.
    Full,
    /// A membership of `total` days of which `used` were used.
    Days { total: u32, used: u32 },
    /// A bundle of `total` entitlements (uses, codes, episodes) of which `used` were used.
    Entitlements { total: u32, used: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Refund {
    pub price: String,
    pub refund: String,
    pub basis: RefundBasis,
    /// The calculation written out, e.g. "68.00 × (30 − 10) ÷ 30 = 45.33".
    pub rule: String,
    pub rule_zh: String,
}

pub fn compute(price: &str, basis: RefundBasis) -> Result<Refund> {
    let price_text = parse_amount(price)?;
    let p: Decimal = price_text
        .parse()
        .map_err(|_| Error::invalid("amount", "not a number", "不是数字"))?;
    let (refund, rule, rule_zh) = match basis {
        RefundBasis::Full => (
            p,
            format!("full price: {price_text}"),
            format!("全额：{price_text}"),
        ),
        RefundBasis::Days { total, used } => {
            let r = share(p, total, used, "days", "天")?;
            let calc = format!("{price_text} × ({total} − {used}) ÷ {total} = {}", fen(r));
            (
                r,
                format!("pro rata by days not used: {calc} (rounded half up to the fen)"),
                format!("按未使用天数折算：{calc}（四舍五入到分）"),
            )
        }
        RefundBasis::Entitlements { total, used } => {
            let r = share(p, total, used, "entitlements", "项权益")?;
            let calc = format!("{price_text} × ({total} − {used}) ÷ {total} = {}", fen(r));
            (
                r,
                format!("pro rata by entitlements not used: {calc} (rounded half up to the fen)"),
                format!("按未使用权益折算：{calc}（四舍五入到分）"),
            )
        }
    };
    Ok(Refund {
        price: price_text,
        refund: fen(refund),
        basis,
        rule,
        rule_zh,
    })
}

/// price × (total − used) ÷ total, refusing impossible inputs with a clear reason.
fn share(price: Decimal, total: u32, used: u32, unit: &str, unit_zh: &str) -> Result<Decimal> {
    if total == 0 {
        return Err(Error::invalid(
            "refund",
            format!("the total number of {unit} must be at least 1"),
            format!("总{unit_zh}数至少为 1"),
        ));
    }
    if used > total {
        return Err(Error::invalid(
            "refund",
            format!("{used} {unit} used is more than the {total} bought"),
            format!("已使用 {used} {unit_zh}，超过了购买的 {total} {unit_zh}"),
        ));
    }
    Ok(price * Decimal::from(total - used) / Decimal::from(total))
}

fn fen(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refund(price: &str, basis: RefundBasis) -> String {
        compute(price, basis).unwrap().refund
    }

    #[test]
    fn the_worked_examples() {
        assert_eq!(
            refund(
                "68.00",
                RefundBasis::Days {
                    total: 30,
                    used: 10
                }
            ),
            "45.33"
        );
        assert_eq!(
            refund("68.00", RefundBasis::Entitlements { total: 5, used: 1 }),
            "54.40"
        );
        assert_eq!(refund("68", RefundBasis::Full), "68.00");
    }

    #[test]
    fn edges_nothing_used_all_used_and_half_fen() {
        assert_eq!(
            refund("68.00", RefundBasis::Days { total: 30, used: 0 }),
            "68.00"
        );
        assert_eq!(
            refund(
                "68.00",
                RefundBasis::Days {
                    total: 30,
                    used: 30
                }
            ),
            "0.00"
        );
        // 0.05 × 1/2 = 0.025 -> 0.03 (half up, not banker's 0.02)
        assert_eq!(
            refund("0.05", RefundBasis::Entitlements { total: 2, used: 1 }),
            "0.03"
        );
        assert_eq!(
            refund("10.00", RefundBasis::Days { total: 3, used: 1 }),
            "6.67"
        );
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        let e = compute(
            "68",
            RefundBasis::Days {
                total: 30,
                used: 31,
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert!(e
            .to_string()
            .contains("31 days used is more than the 30 bought"));
        assert!(compute("68", RefundBasis::Entitlements { total: 0, used: 0 }).is_err());
        assert!(compute("-5", RefundBasis::Full).is_err());
        assert!(compute("abc", RefundBasis::Full).is_err());
    }

    #[test]
    fn the_rule_is_stated() {
        let r = compute(
            "68.00",
            RefundBasis::Days {
                total: 30,
                used: 10,
            },
        )
        .unwrap();
        assert_eq!(
            r.rule_zh,
            "按未使用天数折算：68.00 × (30 − 10) ÷ 30 = 45.33（四舍五入到分）"
        );
    }
}
