//! What a new patient brings to registration, and what the world answers when the desk asks:
//! the insurance card (front and back), the payer's eligibility response, the photo ID, who came
//! with them, what they say when asked (emergency contact, guarantor, language, accessibility)
//! and whether they sign the privacy notice's acknowledgment. The session's registration record
//! (`sim::registration`) is filled from these only by the trainee's acts.

use crate::model::{Age, Money, WordMeaning};
use serde::{Deserialize, Serialize};

/// A patient's side of registration: `Patient.registration`. A patient with one is a new
/// patient the desk must register (world fact `NewPatientRegistration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// The insurance card they hand over; none: they have no card with them.
    #[serde(default)]
    pub card: Option<InsuranceCard>,
    /// What the payer answers to the eligibility inquiry; none: the payer finds no such member.
    #[serde(default)]
    pub eligibility: Option<EligibilityResponse>,
    /// The photo ID they carry ("Oregon driver's license"); none: they have none with them
    /// (world fact `NoPhotoId`).
    #[serde(default)]
    pub photo_id: Option<String>,
    /// The language they prefer; none: English.
    #[serde(default)]
    pub language: Option<String>,
    /// They need a qualified interpreter (world fact `InterpreterNeeded`).
    #[serde(default)]
    pub needs_interpreter: bool,
    /// What they say when asked about accommodations; none: they need none.
    #[serde(default)]
    pub accessibility: Option<String>,
    /// The emergency contact they name when asked ("Rosa Diaz, sister, (555) 010-2231").
    #[serde(default)]
    pub emergency_contact: Option<String>,
    /// Who is responsible for the bill, as they say it; none: the patient themselves.
    #[serde(default)]
    pub guarantor: Option<String>,
    /// The parent or legal guardian of a minor, and whether they came.
    #[serde(default)]
    pub guardian: Option<Guardian>,
    /// Who came with the patient (someone who might offer to interpret).
    #[serde(default)]
    pub companion: Option<Companion>,
    /// Whether they sign the Notice of Privacy Practices acknowledgment when given the notice;
    /// `false`: they decline. Default `true`.
    #[serde(default = "yes")]
    pub signs_npp_acknowledgment: bool,
}

/// An insurance card as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsuranceCard {
    pub payer: String,
    pub member_id: String,
    #[serde(default)]
    pub group: String,
    /// The subscriber's name printed on the card, when it is not the patient's.
    #[serde(default)]
    pub subscriber: Option<String>,
    /// What the back says: claims address, the payer's phone lines.
    #[serde(default)]
    pub back: String,
}

/// The payer's answer to an eligibility inquiry (an X12 271 response).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityResponse {
    /// Whether coverage is active on the day of the visit. Default `true`.
    #[serde(default = "yes")]
    pub active: bool,
    /// The member ID the payer has: another than the card's is a mismatch.
    pub member_id: String,
    /// The plan as the payer names it.
    #[serde(default)]
    pub plan: String,
    /// The office-visit copay the response shows.
    #[serde(default)]
    pub copay: Money,
    /// The response's remark ("coverage terminated on the 1st of last month").
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guardian {
    pub name: String,
    /// "mother", "legal guardian".
    pub relationship: String,
    /// Came with the minor; `false`: not here to sign. Default `true`.
    #[serde(default = "yes")]
    pub present: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    pub name: String,
    pub relationship: String,
    pub age: Age,
}

fn yes() -> bool {
    true
}

impl Registration {
    /// The card's member ID and the payer's disagree, or the payer shows no active coverage.
    pub fn coverage_mismatch(&self) -> bool {
        match (&self.card, &self.eligibility) {
            (Some(card), Some(response)) => {
                !response.active || response.member_id.trim() != card.member_id.trim()
            }
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// The companion is under 18.
    pub fn companion_is_minor(&self) -> bool {
        self.companion.as_ref().is_some_and(|c| c.age.is_minor())
    }

    /// The fields of a `registration` block, with their meanings (for `frontdesk words`).
    pub const WORDS: &'static [WordMeaning] = &[
        WordMeaning::new(
            "card",
            "card: (payer: \"Evergreen Health PPO\", member_id: \"EVG-559102\", group: \"4471\", back: \"Claims: PO Box 3000…\")",
            "the insurance card handed over (world fact `HasInsuranceCard`); `subscriber` when it is not the patient's own",
        ),
        WordMeaning::new(
            "eligibility",
            "eligibility: (active: true, member_id: \"EVG-559102\", plan: \"PPO Gold\", copay: \"$30\", note: \"\")",
            "the payer's answer to `CheckEligibility`; inactive, another member ID, or none at all gives `CoverageMismatch`",
        ),
        WordMeaning::new(
            "photo_id",
            "photo_id: \"Oregon driver's license\"",
            "the photo ID they carry; left out: none with them (world fact `NoPhotoId`, `ScanPhotoId` is refused)",
        ),
        WordMeaning::new(
            "language",
            "language: \"Spanish\"",
            "the language they prefer, told when asked (`AskLanguagePreference`); left out: English",
        ),
        WordMeaning::new(
            "needs_interpreter",
            "needs_interpreter: true",
            "they need a qualified interpreter (world fact `InterpreterNeeded`)",
        ),
        WordMeaning::new(
            "accessibility",
            "accessibility: \"uses a wheelchair; needs the lift\"",
            "the accommodation they ask for when asked (`AskAccessibilityNeeds`); left out: none",
        ),
        WordMeaning::new(
            "emergency_contact",
            "emergency_contact: \"Rosa Diaz, sister, (555) 010-2231\"",
            "the contact they name when asked (`RecordEmergencyContact`)",
        ),
        WordMeaning::new(
            "guarantor",
            "guarantor: \"Luis Diaz, father\"",
            "who pays the bill, as they say (`RecordGuarantor`); left out: the patient",
        ),
        WordMeaning::new(
            "guardian",
            "guardian: (name: \"Ana Ruiz\", relationship: \"mother\", present: true)",
            "a minor's parent or legal guardian; `present: false`: not here, so `RecordGuardianConsent` is refused",
        ),
        WordMeaning::new(
            "companion",
            "companion: (name: \"Mateo\", relationship: \"son\", age: Years(11))",
            "who came with the patient; `LetCompanionInterpret` is refused without one, and gets `CompanionIsMinor` under 18",
        ),
        WordMeaning::new(
            "signs_npp_acknowledgment",
            "signs_npp_acknowledgment: false",
            "whether they sign the privacy notice's acknowledgment (default `true`); `false`: only a refusal can be recorded",
        ),
    ];
}
