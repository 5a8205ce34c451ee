//! The vocabulary every other module speaks: simulated time, money, exam domains, severities,
//! care settings, and the closed word lists that content and rules share (event kinds, facts,
//! trainee acts and their details). Each word has a plain-language label for debriefs.

mod action;
mod calendar;
mod ids;
mod money;
mod policy_param;
mod time;

pub use action::Action;
pub use calendar::{Calendar, Date, Holiday, Weekday};
pub use ids::{ChoiceId, EventId, OfficeId, PatientId, PolicyId, ProviderId, RuleId, ScenarioId};
pub use money::Money;
pub use policy_param::PolicyParam;
pub use time::{ActionTime, Age, DAY_SECONDS, Day, SimDuration, SimTime};

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a closed word list: a unit enum that (de)serialises by variant name, with a
/// human label for each word and the list of all words (for pickers and "did you mean").
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Plain-language name, as a trainee reads it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            /// The identifier written in RON files.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// The seven domains of the CMAA-style test plan (NHA, 2022).
    Domain {
        FoundationalKnowledge => "Foundational Knowledge",
        CommunicationProfessionalism => "Communication & Professionalism",
        LawEthicsCompliance => "Medical Law, Ethics & Compliance",
        Scheduling => "Scheduling",
        PatientEncounter => "Patient Encounter",
        BillingRevenueCycle => "Billing & Revenue Cycle",
        AdministrativeProcedures => "Administrative Procedures & Logistics",
    }
}

vocabulary! {
    /// How much a rule matters. Any critical miss fails the attempt whatever the points.
    Severity {
        Critical => "critical",
        Compliance => "compliance",
        Practice => "practice",
    }
}

vocabulary! {
    /// The care setting a scenario runs in.
    Setting {
        FamilyPractice => "family practice",
        Dental => "dental office",
        Chiropractic => "chiropractic office",
        MedicalSpa => "medical spa",
        Hospital => "hospital",
        MentalHealth => "mental-health clinic",
    }
}

vocabulary! {
    Difficulty {
        Easy => "easy",
        Medium => "medium",
        Hard => "hard",
    }
}

vocabulary! {
    /// The front-desk responsibility a scenario trains.
    Family {
        PhoneTriage => "phone calls and triage",
        Scheduling => "scheduling",
        Overbooking => "schedule overbooking",
        Billing => "billing disputes and payments",
        Records => "patient records",
        Supplies => "supplies",
        Safety => "safety checks",
        Coordination => "coordinating with other providers",
        Organising => "organising the office",
    }
}

vocabulary! {
    /// Visit types; their lengths in minutes come from the office policy pack.
    VisitType {
        NewPatient => "new patient",
        FollowUp => "follow-up",
        Acute => "acute / sick visit",
        Physical => "physical",
        Procedure => "procedure",
        Consultation => "consultation",
    }
}

vocabulary! {
    ProviderRole {
        Physician => "physician",
        NursePractitioner => "nurse practitioner",
        PhysicianAssistant => "physician assistant",
        Nurse => "registered nurse",
        Dentist => "dentist",
        Hygienist => "dental hygienist",
        Chiropractor => "chiropractor",
        Therapist => "therapist",
        Manager => "office manager",
        Coder => "billing coder",
    }
}

vocabulary! {
    /// What kind of thing arrives at the desk.
    EventKind {
        Call => "phone call",
        WalkIn => "patient at the window",
        PortalMessage => "portal message",
        Voicemail => "voicemail",
        Alert => "alert",
        Task => "task",
        ClinicianRequest => "request from a clinician",
    }
}

vocabulary! {
    /// Facts an event carries: what the caller reports, what they ask, what the office shows.
    /// Rules match on these; scenario-specific facts use `tags` instead.
    Fact {
        // red flags and symptoms
        ChestPain => "chest pain",
        ChestPressure => "chest pressure",
        PainSpreadingToArmJawOrBack => "pain spreading to arm, jaw or back",
        ShortnessOfBreath => "shortness of breath",
        Sweating => "sweating",
        Nausea => "nausea",
        FaceDroop => "face drooping",
        ArmWeakness => "arm weakness",
        SpeechTrouble => "slurred or strange speech",
        BalanceLoss => "sudden loss of balance",
        VisionLoss => "sudden vision trouble",
        SymptomsResolved => "symptoms have gone away",
        CannotBreathe => "cannot breathe or speak",
        Choking => "choking",
        ThroatSwelling => "swelling of lips, tongue or throat",
        Unresponsive => "unresponsive",
        Seizure => "seizure",
        UncontrolledBleeding => "bleeding that will not stop",
        Poisoning => "poisoning",
        Overdose => "overdose",
        SuicidalThoughts => "thoughts of suicide",
        ImminentSelfHarm => "imminent danger of self-harm",
        Fever => "fever",
        SevereHeadache => "severe headache",
        Fainting => "fainting",
        Cough => "cough",
        SoreThroat => "sore throat",
        Rash => "rash",
        AbdominalPain => "abdominal pain",
        BackPain => "back pain",
        Dizziness => "dizziness",
        Vomiting => "vomiting",
        // what the person asks for
        RefillRequest => "prescription refill request",
        AppointmentRequest => "appointment request",
        SameDayRequest => "asks to be seen today",
        ClinicalQuestion => "asks a clinical question",
        RecordsRequest => "asks for records",
        BillQuestion => "question about a bill",
        BillDispute => "disputes a bill",
        DuplicateCharge => "a charge appears twice",
        DeductibleQuestion => "does not understand the deductible",
        CannotPay => "cannot pay in full",
        EstimateRequest => "asks for a cost estimate",
        CodeChangeRequest => "asks to change a billing code",
        CancellationRequest => "wants to cancel",
        LateCancellation => "cancels with less notice than policy asks",
        NoShow => "a patient did not come",
        RepeatedNoShows => "a patient has missed several visits",
        HighRiskPatient => "a high-risk patient",
        ReferralRequired => "the visit needs a referral",
        PriorAuthRequired => "the service needs prior authorisation",
        ReminderDue => "appointment reminders are due",
        VoicemailNeeded => "the patient must be reached by voicemail",
        ConfidentialContactRequested => "asked for confidential contact",
        CheckInDue => "a patient is checking in",
        CopayDue => "a copay is due",
        CashPayment => "pays in cash or by check",
        CollectionCall => "an overdue balance needs a call",
        DisclosureForPayment => "information is needed for payment",
        SignInSheet => "the sign-in sheet is in use",
        CallingFromWaitingRoom => "a patient must be called from the waiting room",
        PatientPresent => "the patient is present",
        AmendmentRequest => "asks to amend the record",
        RecordError => "an error in the record",
        NewAllergy => "reports a new allergy",
        MinorPatient => "the patient is a minor",
        ReferralOutgoing => "a referral must be sent",
        ReturnedReport => "a specialist's report came back",
        ImagingOrder => "imaging must be arranged",
        OverbookRequest => "needs a slot on a full schedule",
        ClinicianDirectedSameDay => "clinician wants the patient seen today",
        // who is asking
        CallerIsPatient => "the patient is calling",
        CallerIsParent => "a parent is calling",
        CallerIsFamily => "a family member is calling",
        ThirdPartyRequester => "an outside party is asking",
        ValidAuthorisation => "a valid, signed authorisation is on file",
        ExpiredAuthorisation => "the authorisation on file has expired",
        RefusesEmergencyCall => "refuses or cannot call 911",
        // what the office shows
        FullDay => "the schedule is full",
        PatientsWaiting => "patients are waiting",
        ProviderRunningLate => "the provider is running late",
        AedCheckDue => "AED check is due",
        AedFault => "AED shows a fault",
        AedPadsExpireSoon => "AED pads expire within a month",
        ExpiredLot => "an expired lot is on the shelf",
        StockLow => "stock at or below its reorder point",
        EmergencyKitCheckDue => "emergency kit check is due",
        Fire => "fire",
        ExtinguisherCheckDue => "extinguisher inspection is due",
        BlockedExit => "an exit is blocked",
        NewChemical => "a new chemical arrived",
        SharpsExposure => "a blood or sharps exposure",
        SelfPay => "self-pay patient",
        OriginalMedicare => "Original Medicare",
        // derived by the session from the office (see `Fact::WORLD`)
        KitUsed => "the kit was used since its last check",
        EquipmentFault => "equipment shows a fault",
        BillOverEstimate => "a bill is $400 or more above the good-faith estimate",
        AsksAboutPatient => "asks about the patient's care or bill",
        AsksForConfidentialContact => "asks to be contacted only a certain way",
        SevenCallsInSevenDays => "seven collection calls in the last seven days",
    }
}

impl Fact {
    /// Facts the session derives from the office itself (inventory, equipment, ledger, the
    /// patient's record), whatever an author wrote: an expired lot is expired because its date
    /// has passed, not because an event says so. An author may repeat one on an event; one the
    /// office contradicts is an error (`frontdesk check`).
    pub const WORLD: &'static [Fact] = &[
        Fact::ExpiredLot,
        Fact::StockLow,
        Fact::AedCheckDue,
        Fact::AedPadsExpireSoon,
        Fact::AedFault,
        Fact::EmergencyKitCheckDue,
        Fact::ExtinguisherCheckDue,
        Fact::KitUsed,
        Fact::EquipmentFault,
        Fact::DuplicateCharge,
        Fact::BillOverEstimate,
        Fact::SelfPay,
        Fact::OriginalMedicare,
        Fact::MinorPatient,
        Fact::HighRiskPatient,
        Fact::ConfidentialContactRequested,
        Fact::LateCancellation,
        Fact::SevenCallsInSevenDays,
    ];

    pub fn is_world(self) -> bool {
        Fact::WORLD.contains(&self)
    }
}

/// Declares a set over a closed word list, as one bit per word: testing membership costs no
/// allocation and copying a set costs four words.
macro_rules! word_set {
    ($(#[$meta:meta])* $set:ident of $word:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct $set([u64; 4]);

        impl $set {
            const _ROOM: () = assert!($word::ALL.len() <= 256, "a word set holds 256 words");

            pub fn insert(&mut self, word: $word) {
                let i = word as usize;
                self.0[i / 64] |= 1 << (i % 64);
            }

            pub fn remove(&mut self, word: $word) {
                let i = word as usize;
                self.0[i / 64] &= !(1 << (i % 64));
            }

            pub fn contains(&self, word: $word) -> bool {
                let i = word as usize;
                self.0[i / 64] & (1 << (i % 64)) != 0
            }

            pub fn extend(&mut self, words: impl IntoIterator<Item = $word>) {
                for word in words {
                    self.insert(word);
                }
            }

            pub fn union(self, other: $set) -> $set {
                let mut out = self;
                for (a, b) in out.0.iter_mut().zip(other.0) {
                    *a |= b;
                }
                out
            }

            /// The words in the set, in the word list's order.
            pub fn iter(&self) -> impl Iterator<Item = $word> + '_ {
                $word::ALL.iter().copied().filter(|w| self.contains(*w))
            }

            pub fn is_empty(&self) -> bool {
                self.0 == [0; 4]
            }
        }

        impl FromIterator<$word> for $set {
            fn from_iter<I: IntoIterator<Item = $word>>(iter: I) -> $set {
                let mut set = $set::default();
                set.extend(iter);
                set
            }
        }
    };
}

word_set! {
    /// A set of facts (an event's, authored, told and known to the office).
    FactSet of Fact
}

word_set! {
    /// A set of an act's details.
    DetailSet of Detail
}

word_set! {
    /// A set of act kinds (those done on an event).
    ActSet of ActKind
}

vocabulary! {
    /// What the trainee can do. Dialogue choices count as one of these.
    ActKind {
        // the phone and the window
        Answer => "answer the call",
        Greet => "greet",
        AskNameAndReason => "ask name and reason",
        ScreenForEmergency => "screen for an emergency",
        AskToHold => "ask permission to hold",
        PlaceOnHold => "place on hold",
        CheckBack => "check back with the caller on hold",
        ResumeCall => "take the caller off hold",
        OfferCallback => "offer a callback",
        TakeMessage => "take a message",
        EndCall => "end the call",
        Say => "say",
        // triage
        ConfirmLocation => "confirm the caller's location",
        ConfirmCallbackNumber => "confirm the callback number",
        AdviseEmergency => "advise calling 911",
        ConfirmWillCallEmergency => "get confirmation they will call 911",
        RepeatEmergencyAdvice => "repeat the 911 advice",
        EscalateToClinician => "escalate to a clinician now",
        TransferToNurse => "transfer to nurse triage",
        GiveCrisisLine => "give the 988 crisis line",
        StayOnLine => "stay on the line",
        Document => "document",
        GiveMedicalAdvice => "give medical advice",
        Diagnose => "suggest a diagnosis",
        SayNoNeedToBeSeen => "say they do not need to be seen",
        // identity and privacy
        VerifyIdentity => "verify identity",
        VerifyAuthority => "verify the requester's authority",
        Disclose => "disclose information",
        DeclineDisclosure => "decline to disclose",
        // check-in and payments
        CheckIn => "check in",
        CollectCopay => "collect the copay",
        GiveReceipt => "give a receipt",
        NotifyWaitingPatients => "tell waiting patients about the delay",
        // scheduling
        Book => "book an appointment",
        DoubleBook => "double-book",
        Move => "move an appointment",
        Cancel => "cancel an appointment",
        RequestApproval => "ask the provider's approval",
        NotifyProvider => "notify the provider",
        OfferReschedule => "offer to reschedule",
        BackfillSlot => "backfill the freed slot",
        RecordNoShow => "record the no-show in the chart",
        CallPatient => "call the patient",
        SendCertifiedLetter => "send a certified letter",
        DismissPatient => "dismiss the patient from the practice",
        SendReminder => "send a reminder",
        LeaveVoicemail => "leave a voicemail",
        ConfirmReferralOnFile => "confirm the referral or authorisation is on file",
        RequestPriorAuth => "request prior authorisation",
        // billing
        SendItemisedStatement => "send an itemised statement",
        CompareWithEob => "compare the bill with the EOB",
        ReverseCharge => "reverse a charge",
        ContactPayer => "contact the insurer",
        ExplainBenefits => "explain the benefits",
        OfferPaymentPlan => "offer a payment plan",
        GiveTimeline => "give a timeline",
        ThreatenCollections => "threaten collections",
        ChangeCode => "change a billing code",
        RouteToCoder => "route to the coder",
        GiveGoodFaithEstimate => "give a good-faith estimate",
        ReviewAbn => "review the ABN with the patient",
        SuspendCollections => "hold collections on the disputed amount",
        SendToCollections => "send the account to collections",
        StampForDeposit => "stamp the check \"For Deposit Only\"",
        ReconcileDrawer => "reconcile the day's payments",
        UseSignInSheet => "use the sign-in sheet",
        CallFromWaitingRoom => "call the patient from the waiting room",
        // records and referrals
        OpenRecord => "open the record",
        UpdateRecord => "update the record",
        AmendRecord => "amend the record",
        SendReferral => "send a referral",
        TrackReferral => "track the referral until the report returns",
        ReviewAllergies => "review allergies",
        AlertClinician => "alert the clinician",
        CheckAuthorisation => "check the authorisation",
        ReleaseRecords => "release records",
        SendWrittenDenial => "send a written denial with appeal rights",
        // supplies and safety
        OrderStock => "order stock",
        RemoveLot => "remove a lot from the shelf",
        SegregateLot => "segregate a lot",
        LogDisposal => "log the disposal",
        UseLot => "use stock from a lot",
        LogCheck => "log a safety check",
        TagNotReady => "tag equipment \"Not Ready\"",
        NotifyManager => "notify the office manager",
        RescueOthers => "rescue people in danger",
        PullAlarm => "pull the alarm",
        ContainFire => "contain the fire (close doors)",
        Evacuate => "evacuate",
        UseExtinguisher => "use the extinguisher",
        ClearExit => "clear the exit route",
        FileSds => "file the safety data sheet",
        LabelChemical => "label the chemical",
        UsePpe => "put on protective equipment",
        ReportExposure => "report the exposure",
        RestockKit => "restock the kit",
    }
}

vocabulary! {
    /// The particulars of an act: which identifiers were asked, which message fields were taken,
    /// what a check covered. Some are added by the session (`SameDay`, `Refused` …).
    Detail {
        // greeting
        PracticeName => "practice name",
        OwnName => "own name",
        OfferHelp => "offer of help",
        // identifiers
        FullName => "full name",
        DateOfBirth => "date of birth",
        Address => "address",
        PhoneNumber => "phone number",
        RecordNumber => "medical record number",
        PhotoId => "photo ID",
        RoomOrLocation => "room or location",
        // messages and documentation
        DateTime => "date and time",
        CallerName => "caller's name",
        PatientName => "patient's name",
        CallbackNumber => "callback number",
        Reason => "reason",
        Urgency => "urgency",
        Taker => "who took it",
        CallerWords => "caller's own words",
        AdviceGiven => "advice given",
        Outcome => "outcome",
        HighPriority => "high priority",
        Refusal => "the refusal",
        OnsetTime => "when the symptoms started",
        CallbackWindow => "when to expect the callback",
        CallBackOr911IfWorse => "call back or 911 if worse",
        ProviderName => "provider",
        VisitReason => "reason for the visit",
        CertifiedMail => "certified mail",
        // checks
        ReadyIndicator => "ready indicator",
        PadExpiry => "pad expiry",
        BatteryExpiry => "battery expiry",
        Damage => "damage",
        Initials => "initials",
        SealIntact => "seal intact",
        Pressure => "pressure gauge",
        Tag => "inspection tag",
        // check-in
        Eligibility => "eligibility",
        InsuranceCard => "insurance card",
        Demographics => "demographics",
        CoordinationOfBenefits => "coordination of benefits",
        // billing
        DuplicateFound => "duplicate found",
        Deductible => "deductible",
        Coinsurance => "coinsurance",
        Copay => "copay",
        OutOfPocketMax => "out-of-pocket maximum",
        Verbal => "reviewed aloud",
        Signed => "signed",
        Blank => "left blank",
        Emergency => "in an emergency",
        AfterHours => "outside 8 a.m.–9 p.m.",
        ThirdPartyDetails => "debt details to a third party",
        // supplies
        ToPar => "up to par",
        Expired => "expired stock",
        FirstExpiring => "the lot that expires first",
        // privacy
        MinimumNecessary => "minimum necessary",
        ConditionNamed => "names a condition",
        NameOnly => "name only",
        PatientAgreement => "the patient agreed",
        Description => "what is released",
        Recipient => "who receives it",
        Purpose => "purpose",
        ExpiryDate => "expiry date",
        Signature => "signature and date",
        RevocationStatement => "right to revoke",
        SingleLine => "a single line through the error",
        OriginalLegible => "the original still legible",
        Initialled => "initialled",
        Dated => "dated",
        ReasonGiven => "reason given",
        Overwritten => "overwritten or erased",
        Allergen => "allergen",
        Reaction => "reaction",
        AllergySeverity => "severity",
        Nkda => "no known drug allergies",
        Records => "records",
        InsuranceInfo => "insurance details",
        ReportReturned => "report returned",
        ExposureForm => "exposure form",
        Rescue => "rescue",
        Alarm => "alarm",
        Contain => "contain",
        SmallFire => "the fire is small",
        Trained => "trained",
        ExitClear => "exit clear",
        // added by the session to scheduling acts
        SameDay => "same day",
        LaterDay => "a later day",
        BufferSlot => "buffer slot",
        Overlaps => "overlaps another booking",
        Approved => "approved by the provider",
        OverLimit => "over the policy's double-book limit",
        ThreeBusinessDaysAhead => "at least 3 business days ahead",
        TenBusinessDaysAhead => "at least 10 business days ahead",
        // added by the session to any refused act
        Refused => "refused",
    }
}

vocabulary! {
    /// How someone at the desk feels: waiting moves it along, and consequences may set it.
    Mood {
        Calm => "calm",
        Impatient => "growing impatient",
        Angry => "angry",
    }
}

// `vocabulary!` declares the enum, so `#[default]` cannot be put on a variant.
#[allow(clippy::derivable_impls)]
impl Default for Mood {
    fn default() -> Mood {
        Mood::Calm
    }
}

vocabulary! {
    /// What can happen to an event without the trainee doing it.
    Mishap {
        HungUpRinging => "hung up while ringing",
        HungUpOnHold => "hung up on hold",
        HungUp => "hung up",
        LeftUnseen => "left without being seen",
        Complained => "complained about the wait",
        Arrived => "arrived",
    }
}

impl Detail {
    /// Details only the session adds, from what it knows (the clock, the schedule, the stock,
    /// the ledger): an author or a trainee never writes them, so an act cannot claim them.
    pub const SESSION: &'static [Detail] = &[
        Detail::SameDay,
        Detail::LaterDay,
        Detail::BufferSlot,
        Detail::Overlaps,
        Detail::Approved,
        Detail::OverLimit,
        Detail::ThreeBusinessDaysAhead,
        Detail::TenBusinessDaysAhead,
        Detail::AfterHours,
        Detail::Expired,
        Detail::FirstExpiring,
        Detail::DuplicateFound,
        Detail::ToPar,
        Detail::Refused,
    ];

    pub fn is_session(self) -> bool {
        Detail::SESSION.contains(&self)
    }
}

/// The id of a thing in the office (an appointment, a charge, a stock item, a lot, a piece of
/// equipment): short kebab-case names unique in their scenario. People, events, rules and
/// policies have typed ids (`PatientId`, `EventId` …).
pub type Id = String;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_have_labels_and_names() {
        assert_eq!(ActKind::AdviseEmergency.name(), "AdviseEmergency");
        assert_eq!(ActKind::AdviseEmergency.label(), "advise calling 911");
        assert_eq!(Domain::ALL.len(), 7);
        for kind in ActKind::ALL {
            assert!(!kind.label().is_empty());
        }
    }
}
