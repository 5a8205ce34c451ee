//! Spaced review on a Leitner schedule. What a trainee misses — a question answered wrong, a
//! scenario rule failed — gets a card in box 1, due the next day. Each later success moves the
//! card up a box and further out; a miss sends it back to box 1. A success in the last box
//! retires the card. Days are whole days (UTC) so the schedule does not depend on the hour.

use serde::{Deserialize, Serialize};

/// Days until a card in box `n` (1-based) is due again.
pub const BOX_INTERVALS_DAYS: [i64; 5] = [1, 2, 4, 8, 16];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CardKind {
    Question,
    Rule,
}

impl CardKind {
    pub fn name(self) -> &'static str {
        match self {
            CardKind::Question => "question",
            CardKind::Rule => "rule",
        }
    }

    pub fn from_name(name: &str) -> Option<CardKind> {
        [CardKind::Question, CardKind::Rule]
            .into_iter()
            .find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub kind: CardKind,
    pub id: String,
    /// 1 to 5.
    pub leitner_box: u8,
    /// The day (days since 1970-01-01, UTC) it is next due.
    pub due_day: i64,
}

impl Card {
    pub fn is_due(&self, today: i64) -> bool {
        self.due_day <= today
    }
}

/// What becomes of a card after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Keep (or start) this card.
    Keep(Card),
    /// The card graduated, or there never was one for a success: nothing to store.
    Retire,
}

/// The Leitner step: `card` is the stored card for this item, if any.
pub fn review(kind: CardKind, id: &str, card: Option<&Card>, success: bool, today: i64) -> Outcome {
    let next_box = match (card, success) {
        (_, false) => 1,
        (None, true) => return Outcome::Retire,
        (Some(card), true) if usize::from(card.leitner_box) >= BOX_INTERVALS_DAYS.len() => {
            return Outcome::Retire;
        }
        (Some(card), true) => card.leitner_box.max(1) + 1,
    };
    Outcome::Keep(Card {
        kind,
        id: id.to_owned(),
        leitner_box: next_box,
        due_day: today + BOX_INTERVALS_DAYS[usize::from(next_box) - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(card: Option<&Card>, success: bool, today: i64) -> Outcome {
        review(CardKind::Question, "law-001", card, success, today)
    }

    #[test]
    fn a_miss_starts_a_card_due_tomorrow() {
        let Outcome::Keep(card) = step(None, false, 100) else {
            panic!("a miss must make a card");
        };
        assert_eq!((card.leitner_box, card.due_day), (1, 101));
        assert!(!card.is_due(100));
        assert!(card.is_due(101));
    }

    #[test]
    fn successes_climb_the_boxes_with_growing_gaps_then_retire() {
        let Outcome::Keep(mut card) = step(None, false, 0) else {
            panic!("a miss must make a card");
        };
        let mut today = card.due_day;
        let mut gaps = Vec::new();
        while let Outcome::Keep(next) = step(Some(&card), true, today) {
            gaps.push(next.due_day - today);
            today = next.due_day;
            card = next;
        }
        assert_eq!(gaps, vec![2, 4, 8, 16]);
        assert_eq!(card.leitner_box, 5);
    }

    #[test]
    fn a_miss_in_a_high_box_goes_back_to_box_one() {
        let card = Card {
            kind: CardKind::Rule,
            id: "TRI-01".into(),
            leitner_box: 4,
            due_day: 50,
        };
        let Outcome::Keep(again) = step(Some(&card), false, 50) else {
            panic!("a miss keeps the card");
        };
        assert_eq!((again.leitner_box, again.due_day), (1, 51));
    }

    #[test]
    fn a_success_without_a_card_stores_nothing() {
        assert_eq!(step(None, true, 10), Outcome::Retire);
    }
}
