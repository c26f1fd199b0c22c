//! The sentences and sections of both letters, in both languages.

use super::{
    Category, Draft, FactKind, RefundBasis, ADDRESS, AMOUNT, BUSINESS_ADDRESS, DATE, NAME, ORDER,
    PHONE, PRODUCT,
};

/// Sentence-final punctuation is dropped from quotes so the letter adds its own.
fn quote_body(s: &str) -> &str {
    s.trim()
        .trim_end_matches(['。', '！', '!', '.', '，', ','])
        .trim()
}

impl Draft<'_> {
    pub(super) fn request(&mut self) -> String {
        let platform = self.platform();
        let greeting = if self.zh() {
            format!("{platform}客服：\n\n您好。")
        } else {
            format!("Dear {platform} customer service,\n\n")
        };
        let facts = self.facts_paragraph();
        let ask = self.request_paragraph();
        let list = self.evidence_list(self.tr("附：证据清单", "Attached evidence"));
        format!("{greeting}{facts}\n\n{ask}\n{list}")
    }

    pub(super) fn complaint(&mut self) -> String {
        let title = self.tr("12315 投诉（草稿）", "12315 complaint (draft)");
        let who = self.complainant();
        let against = self.business();
        let claim = self.claim_section();
        let facts = self.reasons_section();
        let list = self.evidence_list(self.tr("五、证据清单", "5. Evidence"));
        format!("{title}\n\n{who}\n{against}\n{claim}\n{facts}\n{list}")
    }

    fn complainant(&mut self) -> String {
        let name = self.field(None, &NAME);
        let phone = self.field(None, &PHONE);
        let address = self.field(None, &ADDRESS);
        if self.zh() {
            format!("一、投诉人\n姓名：{name}\n电话：{phone}\n地址：{address}\n")
        } else {
            format!("1. Complainant\nName: {name}\nPhone: {phone}\nAddress: {address}\n")
        }
    }

    fn business(&mut self) -> String {
        let platform = self.platform();
        let address = self.field(None, &BUSINESS_ADDRESS);
        if self.zh() {
            format!("二、被投诉方\n名称：{platform}\n地址：{address}\n")
        } else {
            format!("2. Business complained about\nName: {platform}\nAddress: {address}\n")
        }
    }

    fn claim_section(&mut self) -> String {
        let refund = self.refund_phrase();
        if self.zh() {
            format!("三、投诉请求\n请求被投诉方{refund}，款项原路退回。\n")
        } else {
            format!("3. Request\nThat the business make {refund} to the original payment method.\n")
        }
    }

    fn reasons_section(&mut self) -> String {
        let facts = self.facts_paragraph();
        let talks = self.negotiation();
        if self.zh() {
            format!("四、事实与理由\n{facts}\n{talks}依据平台用户协议、退款规则及《中华人民共和国消费者权益保护法》的相关规定，被投诉方应当按约定提供服务，未提供的应当退款。恳请予以调解处理。\n")
        } else {
            format!("4. Facts and reasons\n{facts}\n{talks}Under the platform's user agreement and refund rules and the relevant provisions of the Consumer Rights Protection Law of the People's Republic of China, the business should provide the service as agreed, or refund it if it does not. I ask for mediation of this complaint.\n")
        }
    }

    /// How the business was approached, from the escalation log: 12315 asks whether the
    /// consumer negotiated first, and a date, channel, ticket and answer for each step shows it.
    fn negotiation(&self) -> String {
        if self.contacts.is_empty() {
            return String::new();
        }
        let mut s = self
            .tr(
                "与经营者协商的经过：\n",
                "How I took it up with the business:\n",
            )
            .to_string();
        for c in self.contacts {
            let step = self.tr(c.step.label().zh, c.step.label().en);
            let ticket = c.ticket.as_deref().map_or(String::new(), |t| {
                if self.zh() {
                    format!("，工单号 {t}")
                } else {
                    format!(", ticket {t}")
                }
            });
            let outcome = match (c.outcome.as_deref(), self.zh()) {
                (Some(o), true) => format!("：{o}"),
                (Some(o), false) => format!(": {o}"),
                (None, true) => "：尚无答复".to_string(),
                (None, false) => ": no answer yet".to_string(),
            };
            s.push_str(&if self.zh() {
                format!(
                    "- {}，{step}，渠道：{}{ticket}{outcome}\n",
                    c.date, c.channel
                )
            } else {
                format!("- {}, {step}, via {}{ticket}{outcome}\n", c.date, c.channel)
            });
        }
        s
    }

    /// Purchase, non-delivery, then what support said, each sentence only when known.
    fn facts_paragraph(&mut self) -> String {
        let mut s = self.purchase_sentence();
        s.push_str(&self.non_delivery_sentence());
        for extra in [self.promise_sentence(), self.refusal_sentence()] {
            s.push_str(&extra.unwrap_or_default());
        }
        s.push_str(&self.ticket_sentence().unwrap_or_default());
        s
    }

    fn purchase_sentence(&mut self) -> String {
        let date = self.date();
        let date = self.field(date, &DATE);
        let platform = self.platform();
        let product = self.field(self.case.fields.product.clone(), &PRODUCT);
        let order = self.field(self.case.fields.order_no.clone(), &ORDER);
        let amount = self.case.fields.amount.as_deref().map(|a| self.money(a));
        let amount = self.field(amount, &AMOUNT);
        let cite = self.cite_category(Category::Purchase);
        if self.zh() {
            format!("我于{date}在{platform}购买了{product}（订单号{order}，金额{amount}）{cite}。")
        } else {
            format!("On {date} I bought {product} from {platform} (order {order}, amount {amount}){cite}.")
        }
    }

    fn non_delivery_sentence(&self) -> String {
        let mut cite = self.cite_category(Category::NonDelivery);
        if cite.is_empty() {
            cite = self.cite_category(Category::Communication);
        }
        if self.zh() {
            format!("付款后，平台未按约定提供所购服务{cite}。")
        } else {
            format!(" After payment, the platform did not provide the service as agreed{cite}.")
        }
    }

    fn promise_sentence(&self) -> Option<String> {
        let f = self.first_fact(FactKind::Promise)?;
        let cite = self.cite_item(f.item_id);
        let v = quote_body(&f.value);
        Some(if self.zh() {
            format!("客服曾承诺“{v}”{cite}，但未兑现。")
        } else {
            format!(" Customer service promised \"{v}\"{cite}, which was not kept.")
        })
    }

    fn refusal_sentence(&self) -> Option<String> {
        let f = self.first_fact(FactKind::Refusal)?;
        let cite = self.cite_item(f.item_id);
        let said = quote_body(if f.snippet.trim().is_empty() {
            &f.value
        } else {
            &f.snippet
        });
        // The time as the chat shows it (its own offset), so it matches the evidence.
        Some(match (self.refusal_at, self.zh()) {
            (Some(at), true) => format!(
                "{}，客服表示：“{said}”{cite}。",
                at.format("%Y年%-m月%-d日%H:%M")
            ),
            (Some(at), false) => format!(
                " On {}, customer service replied: \"{said}\"{cite}.",
                at.format("%Y-%m-%d %H:%M (UTC%:z)")
            ),
            (None, true) => format!("客服表示：“{said}”{cite}。"),
            (None, false) => format!(" Customer service replied: \"{said}\"{cite}."),
        })
    }

    fn ticket_sentence(&self) -> Option<String> {
        let mut seen: Vec<&str> = Vec::new();
        let mut parts = Vec::new();
        for f in self.facts.iter().filter(|f| f.kind == FactKind::TicketNo) {
            if !seen.contains(&f.value.as_str()) {
                seen.push(&f.value);
                parts.push(format!("{}{}", f.value, self.cite_item(f.item_id)));
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(if self.zh() {
            format!("工单号：{}。", parts.join("、"))
        } else {
            format!(" Ticket number: {}.", parts.join(", "))
        })
    }

    /// "全额退款¥68.00" / "a full refund of ¥68.00", or the pro-rata amount with its rule.
    fn refund_phrase(&mut self) -> String {
        let Some(r) = self.refund else {
            let amount = self.field(None, &AMOUNT);
            return self.tr("全额退款", "a full refund of ").to_string() + &amount;
        };
        let money = self.money(&r.refund);
        match (r.basis, self.zh()) {
            (RefundBasis::Full, true) => format!("全额退款{money}"),
            (RefundBasis::Full, false) => format!("a full refund of {money}"),
            (_, true) => format!("退款{money}（{}）", r.rule_zh),
            (_, false) => format!("a refund of {money} ({})", r.rule),
        }
    }

    fn request_paragraph(&mut self) -> String {
        let refund = self.refund_phrase();
        if self.zh() {
            format!("依据平台用户协议、退款规则及《中华人民共和国消费者权益保护法》的相关规定，我请求{refund}，款项原路退回。请在3个工作日内书面答复。如未解决，我将向12315或消费者协会投诉。\n")
        } else {
            format!("Under the platform's user agreement and refund rules and the relevant provisions of the Consumer Rights Protection Law of the People's Republic of China, I request {refund} to the original payment method. Please reply in writing within 3 working days. If this is not resolved, I will file a complaint with 12315 or the consumers' association.\n")
        }
    }

    fn evidence_list(&self, heading: &str) -> String {
        let mut s = format!("{heading}\n");
        if self.evidence.is_empty() {
            s.push_str(self.tr("（尚未添加证据）\n", "(no evidence added yet)\n"));
        }
        for e in &self.evidence {
            let hash = e.sha256.get(..12).unwrap_or(&e.sha256);
            s.push_str(&if self.zh() {
                format!("证据{}：{}（SHA-256 前12位：{hash}）\n", e.number, e.name)
            } else {
                format!(
                    "Evidence {}: {} (SHA-256, first 12 hex digits: {hash})\n",
                    e.number, e.name
                )
            });
        }
        s
    }
}
