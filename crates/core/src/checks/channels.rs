//! docs/DOMAIN.md: communication must go through the platform's official channels (in-app support,
//! official hotline), not private accounts. Nothing in a file proves a channel official, but
//! support asking to move the talk to a personal WeChat/QQ is a clear sign it was not, and a
//! classic first step of refund scams; so the check warns on that and never blocks.

use super::Warning;
use crate::case::{Category, Numbers};
use crate::ingest::analyze::Body;
use crate::ingest::derived::ItemDetails;

/// Phrases with which someone moves a conversation off the official channel. Lower-case; the
/// text is compared lower-cased.
const MOVE_TO_PRIVATE: [&str; 16] = [
    "加我微信",
    "加个微信",
    "加一下微信",
    "加我qq",
    "加qq",
    "加我好友",
    "添加好友",
    "私聊",
    "私下处理",
    "个人微信",
    "私人微信",
    "扫码加",
    "add me on wechat",
    "add my wechat",
    "contact me privately",
    "message me privately",
];

/// The first message per communication chat, from the other side, that asks to move to a
/// private account: (item id, message index, phrase).
fn requests(items: &[&ItemDetails]) -> Vec<(i64, usize, &'static str)> {
    items
        .iter()
        .filter(|d| d.item.record.category == Category::Communication)
        .filter_map(|d| {
            let Some(Body::Transcript(t)) = d.derived.as_ref().map(|x| &x.body) else {
                return None;
            };
            t.messages.iter().enumerate().find_map(|(i, m)| {
                if m.from_self == Some(true) {
                    return None;
                }
                let text = m.text.to_lowercase();
                let phrase = MOVE_TO_PRIVATE.iter().find(|p| text.contains(*p))?;
                Some((d.item.record.id, i, *phrase))
            })
        })
        .collect()
}

pub fn private_channel(items: &[&ItemDetails], nums: &Numbers) -> Option<Warning> {
    let found = requests(items);
    let (first_item, first_msg, phrase) = *found.first()?;
    let (en, zh) = nums.list(&[first_item]);
    Some(Warning {
        id: "unofficial_channel".into(),
        message: format!(
            "In {en} (message {}), the other side asks to continue on a private \
             account (\"{phrase}\"). Only the platform's official channels (in-app support, \
             official hotline) speak for the platform, and moving to a private account is a \
             common scam step: do not pay or share codes there, and keep the official chat as \
             your communication evidence.",
            first_msg + 1
        ),
        message_zh: format!(
            "{zh}（第 {} 条消息）中，对方要求转到私人账号沟通（“{phrase}”）。只有平台\
             官方渠道（App 内客服、官方热线）的答复才代表平台，转到私人账号也是常见的诈骗步骤：\
             不要在那里付款或提供验证码，并以官方客服的聊天记录作为沟通证据。",
            first_msg + 1
        ),
        items: found.iter().map(|(id, _, _)| *id).collect(),
    })
}
