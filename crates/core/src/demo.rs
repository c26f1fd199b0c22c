//! The built-in sample case: fictitious evidence (assets/demo/) imported into a new case with
//! its categories, a logged contact and a saved letter, so a new user sees the whole flow —
//! evidence, checklist, timeline, export — in one click. It goes through the same calls as a
//! user's own case: every step is in its chain, and its screenshots are read, not annotated.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use crate::case::{Case, CaseFields, Category, NewContact, RefundMethod, Step};
use crate::error::{Error, Result};
use crate::ingest::ImportOptions;
use crate::store::Library;

const FILES: [(&str, &[u8], Category); 5] = [
    (
        "订单详情.png",
        include_bytes!("../../../assets/demo/order-detail.png"),
        Category::Purchase,
    ),
    (
        "支付成功.png",
        include_bytes!("../../../assets/demo/payment-success.png"),
        Category::Purchase,
    ),
    (
        "支付宝账单.csv",
        include_bytes!("../../../assets/demo/alipay-bill.csv"),
        Category::Purchase,
    ),
    (
        "会员中心-未开通.png",
        include_bytes!("../../../assets/demo/membership-status.png"),
        Category::NonDelivery,
    ),
    (
        "官方客服聊天记录.txt",
        include_bytes!("../../../assets/demo/support-chat.txt"),
        Category::Communication,
    ),
];

impl Library {
    /// Creates the sample case and returns it.
    pub fn create_demo(&self) -> Result<Case> {
        let case = self.create_case(CaseFields {
            title: "示例：星河视频会员付款后未开通".into(),
            platform: Some("星河视频（示例）".into()),
            order_no: Some("DEMO202611020001".into()),
            amount: Some("68.00".into()),
            product: Some("星河视频黄金VIP年卡".into()),
            paid_at: Some("2026-11-02T10:15:32".into()),
            payment_channel: Some("支付宝".into()),
            notes: Some(
                "证据包自带的示例案件，人物、订单和截图均为虚构。Proofpack's built-in sample: \
                 every person, order and screenshot in it is fictitious."
                    .into(),
            ),
            ..Default::default()
        })?;
        let dir = tempfile::tempdir().map_err(|e| Error::io(&std::env::temp_dir(), e))?;
        let mut chat_item = None;
        for (name, bytes, category) in FILES {
            let path: PathBuf = dir.path().join(name);
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
            // No typed notes: what the case knows about its screenshots is read from them, as
            // it will be for the user's own.
            let opts = ImportOptions {
                category: Some(category),
                note: None,
            };
            let report = self.import(case.id, &[path], &opts, &|_| {}, &AtomicBool::new(false))?;
            if category == Category::Communication {
                chat_item = report.added.first().map(|i| i.record.id);
            }
        }
        let engine = crate::ocr::bundled().map_err(Error::OcrUnavailable)?;
        self.read_case(engine, case.id, &|_| {}, &AtomicBool::new(false))?;
        let support = self.log_contact(
            case.id,
            NewContact {
                step: Step::PlatformSupport,
                channel: "App 内官方客服".into(),
                date: "2026-11-02".into(),
                ticket: Some("GD2026110200042".into()),
                outcome: None,
                refund_method: Some(RefundMethod::Alipay),
                items: chat_item.into_iter().collect(),
            },
        )?;
        self.close_contact(
            case.id,
            support.id,
            "拒绝退款（虚拟商品一经售出无法退款）",
            None,
        )?;
        Ok(case)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Library;

    #[test]
    fn the_sample_case_is_complete_and_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("lib")).unwrap();
        let case = lib.create_demo().unwrap();
        let items = lib.items(case.id).unwrap();
        assert_eq!(items.len(), 5);
        assert!(items.iter().all(|i| i.record.note.is_none()));
        let check = lib.check(case.id).unwrap();
        assert!(check.ready, "{:#?}", check.requirements);
        // The order record rests on what was read from the order page.
        let order = check
            .requirements
            .iter()
            .find(|r| r.id == "purchase.order_record")
            .unwrap();
        assert!(order.basis.contains("read from"), "{}", order.basis);
        let facts = lib.case_facts(case.id).unwrap();
        assert!(facts
            .iter()
            .any(|f| f.source == "ocr" && f.value == "DEMO202611020001"));
        assert!(lib.verify(Some(case.id)).unwrap().ok);
        // A second sample is a second case, not a clash.
        let again = lib.create_demo().unwrap();
        assert_ne!(again.id, case.id);
    }
}
