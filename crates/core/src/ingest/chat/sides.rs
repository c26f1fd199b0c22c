//! Who said what, for exports that do not mark the user's own messages (WeChatMsg and QQ text
//! exports, pasted chats). They name the chat partner in their title (`消息对象:…`): in a chat of
//! two people, whoever is not the partner is the user. Anything less certain stays unknown.

use super::{Media, Transcript};

/// Names the user says themselves by, in pasted chats.
const SELF_NAMES: [&str; 3] = ["我", "me", "Me"];

/// Sets `from_self` on every message when the export left all sides unknown and the two
/// speakers can be told apart; otherwise leaves the transcript as it is.
pub fn infer(t: &mut Transcript) {
    if t.messages.iter().any(|m| m.from_self.is_some()) {
        return;
    }
    let speakers = speakers(t);
    let [a, b] = speakers.as_slice() else {
        return;
    };
    let Some(own) = own_name(a, b, t.title.as_deref()) else {
        return;
    };
    for m in t.messages.iter_mut().filter(|m| spoke(m)) {
        m.from_self = Some(bare(&m.sender) == own);
    }
}

/// Distinct speakers of what people wrote, by name without account numbers (QQ writes one
/// person as `小明(2850011223)` and as `小明<xiaoming@example.com>`); system notices don't count.
fn speakers(t: &Transcript) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in t.messages.iter().filter(|m| spoke(m)) {
        let name = bare(&m.sender);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn spoke(m: &super::Message) -> bool {
    !m.sender.is_empty() && m.media != Some(Media::System)
}

/// The user's sender name: the one calling themselves 我, or the one the title does not name.
fn own_name(a: &str, b: &str, title: Option<&str>) -> Option<String> {
    let is_self = |s: &str| SELF_NAMES.contains(&s);
    match (is_self(a), is_self(b)) {
        (true, false) => return Some(a.into()),
        (false, true) => return Some(b.into()),
        (true, true) => return None,
        (false, false) => {}
    }
    let title = bare(title?);
    let names = |s: &str| {
        !s.is_empty()
            && !title.is_empty()
            && (s == title || title.contains(s) || s.contains(&title))
    };
    match (names(a), names(b)) {
        (true, false) => Some(b.into()),
        (false, true) => Some(a.into()),
        _ => None,
    }
}

/// A display name without the account number, address or remark exports append:
/// `客服(800000001)`, `小明<xiaoming@example.com>`, `星河视频官方客服（示例）`.
fn bare(name: &str) -> String {
    let mut s = name.trim();
    while let Some(open) = s
        .rfind(['(', '（', '<'])
        .filter(|_| s.ends_with([')', '）', '>']))
    {
        s = s[..open].trim_end();
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::chat::Message;

    fn chat(title: Option<&str>, senders: &[&str]) -> Transcript {
        Transcript {
            format: "wechatmsg_txt".into(),
            title: title.map(String::from),
            messages: senders
                .iter()
                .map(|s| Message {
                    time: None,
                    offset_assumed: false,
                    sender: s.to_string(),
                    from_self: None,
                    text: "x".into(),
                    media: None,
                })
                .collect(),
            warnings: Vec::new(),
            dates: None,
        }
    }

    fn sides(t: &Transcript) -> Vec<Option<bool>> {
        t.messages.iter().map(|m| m.from_self).collect()
    }

    #[test]
    fn the_speaker_the_title_does_not_name_is_the_user() {
        let mut t = chat(
            Some("星河视频官方客服（示例）"),
            &[
                "星河用户_8848(10086001)",
                "星河视频官方客服(800000001)",
                "星河用户_8848(10086001)",
            ],
        );
        infer(&mut t);
        assert_eq!(sides(&t), [Some(true), Some(false), Some(true)]);
    }

    #[test]
    fn one_person_under_two_account_forms_is_one_speaker() {
        let mut t = chat(
            Some("星河会员客服"),
            &[
                "小明(2850011223)",
                "星河会员客服(800012345)",
                "小明<xiaoming@example.com>",
            ],
        );
        infer(&mut t);
        assert_eq!(sides(&t), [Some(true), Some(false), Some(true)]);
    }

    #[test]
    fn a_speaker_called_me_is_the_user() {
        let mut t = chat(None, &["客服", "我"]);
        infer(&mut t);
        assert_eq!(sides(&t), [Some(false), Some(true)]);
    }

    #[test]
    fn what_cannot_be_told_apart_stays_unknown() {
        // No title, three speakers, a title naming both, or naming neither.
        for t in [
            chat(None, &["甲", "乙"]),
            chat(Some("群聊"), &["甲", "乙", "丙"]),
            chat(Some("甲乙"), &["甲", "乙"]),
            chat(Some("丙"), &["甲", "乙"]),
        ] {
            let mut t = t;
            infer(&mut t);
            assert!(sides(&t).iter().all(Option::is_none), "{:?}", t.title);
        }
    }

    #[test]
    fn sides_the_export_marked_are_kept() {
        let mut t = chat(Some("客服"), &["客服", "小明"]);
        t.messages[0].from_self = Some(true);
        infer(&mut t);
        assert_eq!(sides(&t), [Some(true), None]);
    }
}
