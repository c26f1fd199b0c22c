//! Alipay bills (支付宝交易明细), GBK CSV decoded upstream by `text::decode`.
//!
//! - App export (账单 → 开具交易流水证明): preamble `导出信息：` ... `特别提示：` with 9 numbered
//!   lines (8 since 2026), a line containing `电子客户回单`, then the header. Cells are padded
//!   with spaces, IDs end in a tab, every row ends with a comma, 交易时间 sometimes lacks
//!   seconds, 收/支 is 收入 / 支出 / 不计收支.
//! - Older web export (支付宝交易记录明细查询): its own columns, padded the same way, with a
//!   dashed line and totals after the table. Its time is 付款时间, else 交易创建时间 (unpaid or
//!   income rows leave 付款时间 blank).

use super::clean::Cell;
use super::table::{self, Layout};
use super::Bill;
use crate::ingest::format::Format;

pub(crate) const APP: Layout = Layout {
    required: &[
        "交易时间",
        "交易分类",
        "交易对方",
        "收/支",
        "金额",
        "交易订单号",
    ],
    time: &["交易时间"],
    counterpart: "交易对方",
    product: "商品说明",
    direction: "收/支",
    amount: "金额",
    method: Some("收/付款方式"),
    status: "交易状态",
    transaction_no: "交易订单号",
    merchant_order_no: "商家订单号",
    note: "备注",
};

pub(crate) const WEB: Layout = Layout {
    required: &["交易号", "交易创建时间", "交易对方", "金额(元)", "收/支"],
    time: &["付款时间", "交易创建时间"],
    counterpart: "交易对方",
    product: "商品名称",
    direction: "收/支",
    amount: "金额(元)",
    method: None,
    status: "交易状态",
    transaction_no: "交易号",
    merchant_order_no: "商家订单号",
    note: "备注",
};

pub(crate) fn parse_app(rows: &[Vec<Cell>]) -> Option<Bill> {
    table::parse(rows, &APP, Format::AlipayCsv)
}

pub(crate) fn parse_web(rows: &[Vec<Cell>]) -> Option<Bill> {
    table::parse(rows, &WEB, Format::AlipayWebCsv)
}
