//! The registration record: what the office has on file for each new patient during an attempt,
//! field by field, each entry with where it came from (the insurance card, the photo ID, the
//! patient's or guardian's words, the payer's eligibility response, a signed form, the desk
//! itself). It starts empty; only the trainee's registration acts fill it, from what the
//! patient brings (`scenario::Registration`), and the desk refuses an entry the world
//! contradicts (a card that is not there, a signature that was not given).

use super::Refusal;
use crate::model::{ActKind, Age, Detail, DetailSet, PatientId, SimTime};
use crate::scenario::{Patient, Registration};
use serde::Serialize;

/// A field of the registration record, in the order the panel shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Field {
    Demographics,
    PhotoId,
    CardFront,
    CardBack,
    Eligibility,
    EmergencyContact,
    Guarantor,
    Language,
    Interpreter,
    Accessibility,
    NoticeOfPrivacyPractices,
    NppAcknowledgment,
    Consent,
    GuardianConsent,
    FinancialPolicy,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::Demographics,
        Field::PhotoId,
        Field::CardFront,
        Field::CardBack,
        Field::Eligibility,
        Field::EmergencyContact,
        Field::Guarantor,
        Field::Language,
        Field::Interpreter,
        Field::Accessibility,
        Field::NoticeOfPrivacyPractices,
        Field::NppAcknowledgment,
        Field::Consent,
        Field::GuardianConsent,
        Field::FinancialPolicy,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Demographics => "Demographics",
            Field::PhotoId => "Photo ID",
            Field::CardFront => "Insurance card (front)",
            Field::CardBack => "Insurance card (back)",
            Field::Eligibility => "Eligibility and benefits",
            Field::EmergencyContact => "Emergency contact",
            Field::Guarantor => "Guarantor",
            Field::Language => "Preferred language",
            Field::Interpreter => "Interpreter",
            Field::Accessibility => "Accessibility needs",
            Field::NoticeOfPrivacyPractices => "Notice of Privacy Practices",
            Field::NppAcknowledgment => "NPP acknowledgment",
            Field::Consent => "Consent to treat",
            Field::GuardianConsent => "Guardian's consent",
            Field::FinancialPolicy => "Financial policy",
        }
    }

    /// The act that fills the field.
    pub fn act(self) -> ActKind {
        match self {
            Field::Demographics => ActKind::RecordDemographics,
            Field::PhotoId => ActKind::ScanPhotoId,
            Field::CardFront | Field::CardBack => ActKind::ScanInsuranceCard,
            Field::Eligibility => ActKind::CheckEligibility,
            Field::EmergencyContact => ActKind::RecordEmergencyContact,
            Field::Guarantor => ActKind::RecordGuarantor,
            Field::Language => ActKind::AskLanguagePreference,
            Field::Interpreter => ActKind::ArrangeInterpreter,
            Field::Accessibility => ActKind::AskAccessibilityNeeds,
            Field::NoticeOfPrivacyPractices => ActKind::GiveNpp,
            Field::NppAcknowledgment => ActKind::RecordNppAcknowledgment,
            Field::Consent => ActKind::RecordConsent,
            Field::GuardianConsent => ActKind::RecordGuardianConsent,
            Field::FinancialPolicy => ActKind::ReviewFinancialPolicy,
        }
    }
}

/// Where an entry of the record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    InsuranceCard,
    PhotoId,
    PatientWords,
    GuardianWords,
    EligibilityResponse,
    SignedForm,
    Desk,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::InsuranceCard => "insurance card",
            Source::PhotoId => "photo ID",
            Source::PatientWords => "patient's words",
            Source::GuardianWords => "guardian's words",
            Source::EligibilityResponse => "eligibility response",
            Source::SignedForm => "signed form",
            Source::Desk => "the desk",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub field: Field,
    pub value: String,
    pub source: Source,
    pub at: SimTime,
}

/// One new patient's registration as the office has it: the entries made so far, and (kept
/// from the scenario) what the patient brings, which the entries are made from.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationRecord {
    pub patient: PatientId,
    /// The name the patient goes by in this attempt.
    pub name: String,
    pub age: Age,
    pub phone: String,
    pub address: String,
    /// Entries in the order made; a later entry of a field replaces an earlier one.
    pub entries: Vec<Entry>,
    #[serde(skip)]
    brings: Registration,
}

impl RegistrationRecord {
    pub fn new(patient: &Patient, name: String) -> Option<RegistrationRecord> {
        let brings = patient.registration.clone()?;
        Some(RegistrationRecord {
            patient: patient.id.clone(),
            name,
            age: patient.age,
            phone: patient.phone.clone(),
            address: patient.address.clone(),
            entries: Vec::new(),
            brings,
        })
    }

    /// The latest entry of a field.
    pub fn entry(&self, field: Field) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.field == field)
    }

    fn minor(&self) -> bool {
        self.age.is_minor()
    }

    /// The fields this patient's registration needs: the card's only with a card, the
    /// interpreter only when one is needed, the guardian's consent for a minor and the
    /// patient's own for an adult, the photo ID only when they carry one.
    pub fn needed(&self) -> Vec<Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(|f| match f {
                Field::PhotoId => self.brings.photo_id.is_some(),
                Field::CardFront | Field::CardBack | Field::Eligibility => {
                    self.brings.card.is_some()
                }
                Field::Interpreter => self.brings.needs_interpreter,
                Field::Consent => !self.minor(),
                Field::GuardianConsent => self.minor(),
                _ => true,
            })
            .collect()
    }

    /// What the record still lacks, in the panel's order.
    pub fn missing(&self) -> Vec<Field> {
        self.needed()
            .into_iter()
            .filter(|f| self.entry(*f).is_none())
            .collect()
    }

    /// What the office can see without asking (shown beside the missing fields): no card, no
    /// photo ID, no guardian here.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.brings.card.is_none() {
            notes.push("no insurance card with them".to_owned());
        }
        if self.brings.photo_id.is_none() {
            notes.push("no photo ID with them".to_owned());
        }
        if self.minor() {
            match &self.brings.guardian {
                Some(g) if g.present => {
                    notes.push(format!(
                        "a minor, here with {} ({})",
                        g.name, g.relationship
                    ));
                }
                _ => notes.push("a minor, with no parent or guardian here".to_owned()),
            }
        }
        if let Some(c) = &self.brings.companion {
            notes.push(format!(
                "came with {} ({}, {})",
                c.name, c.relationship, c.age
            ));
        }
        notes
    }

    /// Whose words the desk records: a present guardian speaks for a minor.
    fn words(&self) -> Source {
        match &self.brings.guardian {
            Some(g) if g.present && self.minor() => Source::GuardianWords,
            _ => Source::PatientWords,
        }
    }

    fn put(&mut self, at: SimTime, field: Field, value: String, source: Source) {
        self.entries.push(Entry {
            field,
            value,
            source,
            at,
        });
    }

    /// Carries out a registration act on this record: the entry it makes, the details the desk
    /// adds to the act (the sides scanned, what the eligibility response showed), or why it is
    /// refused.
    pub fn apply(
        &mut self,
        at: SimTime,
        act: ActKind,
        details: &DetailSet,
    ) -> Result<Vec<Detail>, Refusal> {
        let mut added = Vec::new();
        match act {
            ActKind::ScanInsuranceCard => {
                let card = self
                    .brings
                    .card
                    .clone()
                    .ok_or_else(|| Refusal::NoInsuranceCard(self.name.clone()))?;
                let front = details.contains(Detail::CardFront);
                let back = details.contains(Detail::CardBack);
                let (front, back) = if front || back {
                    (front, back)
                } else {
                    added.extend([Detail::CardFront, Detail::CardBack]);
                    (true, true)
                };
                if front {
                    let mut value = format!("{} · member {}", card.payer, card.member_id);
                    if !card.group.is_empty() {
                        value.push_str(&format!(" · group {}", card.group));
                    }
                    if let Some(subscriber) = &card.subscriber {
                        value.push_str(&format!(" · subscriber {subscriber}"));
                    }
                    self.put(at, Field::CardFront, value, Source::InsuranceCard);
                }
                if back {
                    let value = if card.back.is_empty() {
                        "nothing printed".to_owned()
                    } else {
                        card.back.clone()
                    };
                    self.put(at, Field::CardBack, value, Source::InsuranceCard);
                }
            }
            ActKind::CheckEligibility => {
                if self.entry(Field::CardFront).is_none() {
                    return Err(Refusal::CardNotScanned);
                }
                let (value, matches) = match &self.brings.eligibility {
                    Some(r) => {
                        let mut value = format!(
                            "{} · member {}",
                            if r.active { "active" } else { "NOT active" },
                            r.member_id
                        );
                        if !r.plan.is_empty() {
                            value.push_str(&format!(" · {}", r.plan));
                        }
                        if r.copay.cents != 0 {
                            value.push_str(&format!(" · office copay {}", r.copay));
                        }
                        if !r.note.is_empty() {
                            value.push_str(&format!(" · {}", r.note));
                        }
                        (value, !self.brings.coverage_mismatch())
                    }
                    None => ("no such member found".to_owned(), false),
                };
                let value = if matches {
                    value
                } else {
                    format!("{value} — does not match the card")
                };
                added.push(if matches {
                    Detail::CoverageConfirmed
                } else {
                    Detail::CoverageMismatch
                });
                self.put(at, Field::Eligibility, value, Source::EligibilityResponse);
            }
            ActKind::ScanPhotoId => {
                let id = self
                    .brings
                    .photo_id
                    .clone()
                    .ok_or_else(|| Refusal::NoPhotoId(self.name.clone()))?;
                let value = format!("{id} · {}", self.name);
                self.put(at, Field::PhotoId, value, Source::PhotoId);
            }
            ActKind::RecordDemographics => {
                let mut value = format!("{} · age {}", self.name, self.age);
                if !self.address.is_empty() {
                    value.push_str(&format!(" · {}", self.address));
                }
                if !self.phone.is_empty() {
                    value.push_str(&format!(" · {}", self.phone));
                }
                let source = self.words();
                self.put(at, Field::Demographics, value, source);
            }
            ActKind::RecordEmergencyContact => {
                let value = self
                    .brings
                    .emergency_contact
                    .clone()
                    .unwrap_or_else(|| "declined to name one".to_owned());
                let source = self.words();
                self.put(at, Field::EmergencyContact, value, source);
            }
            ActKind::RecordGuarantor => {
                let value = self
                    .brings
                    .guarantor
                    .clone()
                    .unwrap_or_else(|| format!("{} (self)", self.name));
                let source = self.words();
                self.put(at, Field::Guarantor, value, source);
            }
            ActKind::AskLanguagePreference => {
                let language = self.brings.language.as_deref().unwrap_or("English");
                let value = if self.brings.needs_interpreter {
                    format!("{language} · wants an interpreter")
                } else {
                    language.to_owned()
                };
                let source = self.words();
                self.put(at, Field::Language, value, source);
            }
            ActKind::ArrangeInterpreter => {
                let language = self.brings.language.as_deref().unwrap_or("English");
                let value = format!("qualified {language} interpreter (phone or video service)");
                self.put(at, Field::Interpreter, value, Source::Desk);
            }
            ActKind::LetCompanionInterpret => {
                let companion = self
                    .brings
                    .companion
                    .clone()
                    .ok_or_else(|| Refusal::NoCompanion(self.name.clone()))?;
                if companion.age.is_minor() {
                    added.push(Detail::CompanionIsMinor);
                }
                let value = format!(
                    "{} ({}, {}) interpreting: not a qualified interpreter",
                    companion.name, companion.relationship, companion.age
                );
                self.put(at, Field::Interpreter, value, Source::Desk);
            }
            ActKind::AskAccessibilityNeeds => {
                let value = self
                    .brings
                    .accessibility
                    .clone()
                    .unwrap_or_else(|| "none needed".to_owned());
                let source = self.words();
                self.put(at, Field::Accessibility, value, source);
            }
            ActKind::GiveNpp => {
                let value = if self.brings.signs_npp_acknowledgment {
                    "given".to_owned()
                } else {
                    "given · the acknowledgment came back unsigned".to_owned()
                };
                self.put(at, Field::NoticeOfPrivacyPractices, value, Source::Desk);
            }
            ActKind::RecordNppAcknowledgment => {
                if self.entry(Field::NoticeOfPrivacyPractices).is_none() {
                    return Err(Refusal::NppNotGiven);
                }
                let signs = self.brings.signs_npp_acknowledgment;
                let value = match (
                    details.contains(Detail::Signed),
                    details.contains(Detail::Refusal),
                ) {
                    (true, _) if !signs => return Err(Refusal::NppNotSigned(self.name.clone())),
                    (true, _) => "signed".to_owned(),
                    (false, true) if signs => return Err(Refusal::NppSigned(self.name.clone())),
                    (false, true) if details.contains(Detail::GoodFaithEffort) => {
                        "declined to sign · the effort and the reason are documented".to_owned()
                    }
                    (false, true) => "declined to sign · no effort or reason documented".to_owned(),
                    (false, false) => {
                        return Err(Refusal::Incomplete(
                            "say whether the acknowledgment was `Signed` or declined (`Refusal`, with `GoodFaithEffort`)",
                        ));
                    }
                };
                let source = if signs {
                    Source::SignedForm
                } else {
                    Source::Desk
                };
                self.put(at, Field::NppAcknowledgment, value, source);
            }
            ActKind::RecordConsent => {
                let value = if self.minor() {
                    format!("signed by {}, a minor", self.name)
                } else {
                    format!("signed by {}", self.name)
                };
                self.put(at, Field::Consent, value, Source::SignedForm);
            }
            ActKind::RecordGuardianConsent => {
                let guardian = match &self.brings.guardian {
                    Some(g) if g.present => g.clone(),
                    _ => return Err(Refusal::NoGuardianHere(self.name.clone())),
                };
                let value = format!("signed by {} ({})", guardian.name, guardian.relationship);
                self.put(at, Field::GuardianConsent, value, Source::SignedForm);
            }
            ActKind::ReviewFinancialPolicy => {
                let (value, source) = if details.contains(Detail::Signed) {
                    ("reviewed and signed", Source::SignedForm)
                } else {
                    ("reviewed, not signed", Source::Desk)
                };
                self.put(at, Field::FinancialPolicy, value.to_owned(), source);
            }
            _ => {}
        }
        Ok(added)
    }
}

/// Whether an act fills a registration record.
pub fn is_registration_act(act: ActKind) -> bool {
    Field::ALL.iter().any(|f| f.act() == act) || act == ActKind::LetCompanionInterpret
}
