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
/// human label for each word, its meaning, and the list of all words (for pickers, "did you
/// mean" and `frontdesk words`). Each word carries exactly one doc line, its meaning: what the
/// word means in the office (for an act, what the desk does). A `["Heading"]` before a word
/// starts a group of related words, for the docs.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident {
        $($([$group:literal])? #[doc = $meaning:literal] $variant:ident => $label:literal),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[doc = $meaning] $variant),* }

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

            /// What the word means in the office, in one line (its doc comment).
            pub fn meaning(self) -> &'static str {
                match self { $($name::$variant => $meaning),* }.trim()
            }

            /// The heading of the group of related words this word starts, if it starts one.
            pub fn group(self) -> Option<&'static str> {
                match self { $($name::$variant => None $(.or(Some($group)))?),* }
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
        /// medical terminology, anatomy and the basics of health care that every other task relies on
        FoundationalKnowledge => "Foundational Knowledge",
        /// how the desk speaks and listens: greetings, holds, messages, tone, courtesy under pressure
        CommunicationProfessionalism => "Communication & Professionalism",
        /// privacy (HIPAA), consent, billing law, patient rights and the ethics of the role
        LawEthicsCompliance => "Medical Law, Ethics & Compliance",
        /// booking, moving and cancelling visits, managing the day's flow, no-shows and overbooking
        Scheduling => "Scheduling",
        /// check-in, triage routing, allergies and safety at the moment a patient is in contact with the office
        PatientEncounter => "Patient Encounter",
        /// charges, insurance, explanations of benefits, estimates, disputes, payments and collections
        BillingRevenueCycle => "Billing & Revenue Cycle",
        /// records, referrals, supplies, safety checks, payments handling and the running of the office
        AdministrativeProcedures => "Administrative Procedures & Logistics",
    }
}

vocabulary! {
    /// How much a rule matters. Any critical miss fails the attempt whatever the points.
    Severity {
        /// patient safety: missing it fails the whole attempt whatever the score, and no clinic policy may disable it
        Critical => "critical",
        /// a legal or regulatory duty: missing it costs the rule's points
        Compliance => "compliance",
        /// good professional practice: missing it costs the rule's points
        Practice => "practice",
    }
}

vocabulary! {
    /// The care setting a scenario runs in.
    Setting {
        /// a primary-care practice seeing patients of all ages for routine, sick and follow-up visits
        FamilyPractice => "family practice",
        /// a dental office: dentists and hygienists, cleanings and procedures, dental plans
        Dental => "dental office",
        /// a chiropractic office: spine and joint care, often visit limits in the patient's plan
        Chiropractic => "chiropractic office",
        /// a medical spa: elective aesthetic treatments, mostly self-pay, so estimates matter
        MedicalSpa => "medical spa",
        /// a hospital outpatient or unit desk: many departments, referrals and records requests
        Hospital => "hospital",
        /// a mental-health clinic: therapy visits, crisis calls and stricter confidentiality
        MentalHealth => "mental-health clinic",
    }
}

vocabulary! {
    Difficulty {
        /// one event at a time and a clear right answer: for a first attempt
        Easy => "easy",
        /// a few events at once, or a choice between near-right answers
        Medium => "medium",
        /// several live events, red flags hidden in the conversation, or consequences that branch
        Hard => "hard",
    }
}

vocabulary! {
    /// The front-desk responsibility a scenario trains.
    Family {
        /// answering, holding and routing calls, sending red flags to 911 and symptoms to a clinician
        PhoneTriage => "phone calls and triage",
        /// booking visits of the right type and length, moving and cancelling them, no-shows
        Scheduling => "scheduling",
        /// a full day: buffer slots, approved double-books within the policy's limits, delays
        Overbooking => "schedule overbooking",
        /// bill questions and disputes, estimates, payment plans, copays, collections
        Billing => "billing disputes and payments",
        /// releasing, amending and correcting records, and who may see them
        Records => "patient records",
        /// stock levels, reordering to par, expired lots and first-expired-first-out
        Supplies => "supplies",
        /// AED, emergency-kit and extinguisher checks, fire, exits, chemicals and exposures
        Safety => "safety checks",
        /// referrals, prior authorisations, returned reports and messages to clinicians
        Coordination => "coordinating with other providers",
        /// the office's own routines: sign-in, the waiting room, the cash drawer, the end of the day
        Organising => "organising the office",
        /// registering a new patient: demographics, insurance card and eligibility, photo ID, privacy notice, consents, language and access needs
        Registration => "new-patient registration",
    }
}

vocabulary! {
    /// Visit types; their lengths in minutes come from the office policy pack.
    VisitType {
        /// a first visit: history, intake and exam; the longest slot in most policies
        NewPatient => "new patient",
        /// a return visit about a known problem or a result
        FollowUp => "follow-up",
        /// a same-day or sick visit for a new problem (cough, fever, pain)
        Acute => "acute / sick visit",
        /// a routine preventive exam (annual, school or sports physical)
        Physical => "physical",
        /// a visit for a procedure (a filling, an injection, a minor surgery)
        Procedure => "procedure",
        /// a talk with the provider before any treatment (a med-spa first visit, a second opinion)
        Consultation => "consultation",
    }
}

vocabulary! {
    ProviderRole {
        /// a doctor (MD or DO): sees patients, can be booked, approves double-books
        Physician => "physician",
        /// an advanced-practice nurse who sees patients and can be booked
        NursePractitioner => "nurse practitioner",
        /// a licensed clinician who sees patients under a physician and can be booked
        PhysicianAssistant => "physician assistant",
        /// a registered nurse: nurse triage on the phone, can be booked for nurse visits
        Nurse => "registered nurse",
        /// a dentist: sees patients in a dental office and can be booked
        Dentist => "dentist",
        /// a dental hygienist: cleanings, can be booked
        Hygienist => "dental hygienist",
        /// a chiropractor: sees patients and can be booked
        Chiropractor => "chiropractor",
        /// a therapist or counsellor: sees patients and can be booked
        Therapist => "therapist",
        /// the office manager: receives escalations and reports; cannot be booked
        Manager => "office manager",
        /// the billing coder: decides billing codes; cannot be booked
        Coder => "billing coder",
    }
}

vocabulary! {
    /// What kind of thing arrives at the desk.
    EventKind {
        /// a phone call: it rings until answered (or until the caller gives up), can be held, and ends
        Call => "phone call",
        /// someone at the front window: they wait, lose patience and may leave unseen
        WalkIn => "patient at the window",
        /// a written message from the patient portal: no one waits on the line
        PortalMessage => "portal message",
        /// a voicemail left overnight or while the line was busy, to be returned
        Voicemail => "voicemail",
        /// something the office shows needs attention: a check due, a fault, stock running low
        Alert => "alert",
        /// a piece of desk work with no one waiting: a report to file, a letter to send
        Task => "task",
        /// a provider or nurse asks the desk to do something (book today, send a referral)
        ClinicianRequest => "request from a clinician",
    }
}

vocabulary! {
    /// Facts an event carries: what the caller reports, what they ask, what the office shows.
    /// Rules match on these; scenario-specific facts use `tags` instead.
    Fact {
        ["Red flags and symptoms"]
        /// reports chest pain: a heart-attack warning sign, 911-level
        ChestPain => "chest pain",
        /// reports pressure, squeezing or heaviness in the chest: a heart-attack warning sign, 911-level
        ChestPressure => "chest pressure",
        /// reports pain spreading to the arm, jaw, neck or back: a heart-attack warning sign, 911-level
        PainSpreadingToArmJawOrBack => "pain spreading to arm, jaw or back",
        /// reports being short of breath (not unable to breathe): a symptom for a clinician
        ShortnessOfBreath => "shortness of breath",
        /// reports a cold sweat: with chest symptoms, a heart-attack sign
        Sweating => "sweating",
        /// reports nausea: with chest symptoms, a heart-attack sign
        Nausea => "nausea",
        /// one side of the face droops: a stroke sign (BE FAST), 911-level
        FaceDroop => "face drooping",
        /// an arm or leg is weak or numb: a stroke sign, 911-level
        ArmWeakness => "arm weakness",
        /// speech is slurred or strange: a stroke sign, 911-level
        SpeechTrouble => "slurred or strange speech",
        /// sudden loss of balance or coordination: a stroke sign, 911-level
        BalanceLoss => "sudden loss of balance",
        /// sudden trouble seeing: a stroke sign, 911-level
        VisionLoss => "sudden vision trouble",
        /// the warning signs have gone away: still 911 (a stroke sign that passes can be a warning stroke)
        SymptomsResolved => "symptoms have gone away",
        /// cannot breathe or speak in full sentences: 911-level
        CannotBreathe => "cannot breathe or speak",
        /// someone is choking: 911-level
        Choking => "choking",
        /// lips, tongue or throat are swelling (a severe allergic reaction): 911-level
        ThroatSwelling => "swelling of lips, tongue or throat",
        /// someone does not respond or wake: 911-level
        Unresponsive => "unresponsive",
        /// someone is having or has had a seizure: 911-level
        Seizure => "seizure",
        /// bleeding that pressure does not stop: 911-level
        UncontrolledBleeding => "bleeding that will not stop",
        /// someone swallowed or breathed in something poisonous: 911 (or Poison Control), never a wait
        Poisoning => "poisoning",
        /// someone took too much of a medicine or drug: 911 now, never on hold
        Overdose => "overdose",
        /// speaks of thoughts of suicide without being in immediate danger: 988 and a clinician on the line
        SuicidalThoughts => "thoughts of suicide",
        /// in immediate danger of harming themselves: 911 now, stay on the line
        ImminentSelfHarm => "imminent danger of self-harm",
        /// reports a fever: a symptom for nurse triage or a same-day slot (a clinician at once under 3 months of age)
        Fever => "fever",
        /// reports a severe or sudden headache: a symptom for a clinician, never a routine slot
        SevereHeadache => "severe headache",
        /// reports fainting or nearly fainting: a symptom for a clinician
        Fainting => "fainting",
        /// reports a cough: a symptom for nurse triage or a same-day slot
        Cough => "cough",
        /// reports a sore throat: a symptom for nurse triage or a same-day slot
        SoreThroat => "sore throat",
        /// reports a rash: a symptom for nurse triage or a same-day slot
        Rash => "rash",
        /// reports belly pain: a symptom for nurse triage or a same-day slot
        AbdominalPain => "abdominal pain",
        /// reports back pain: a symptom for nurse triage or a same-day slot
        BackPain => "back pain",
        /// reports dizziness: a symptom for nurse triage or a same-day slot
        Dizziness => "dizziness",
        /// reports vomiting: a symptom for nurse triage or a same-day slot
        Vomiting => "vomiting",
        ["What the person asks for"]
        /// asks for a prescription refill: a message for the clinician, never advice on the medicine
        RefillRequest => "prescription refill request",
        /// asks for an appointment
        AppointmentRequest => "appointment request",
        /// asks to be seen today
        SameDayRequest => "asks to be seen today",
        /// asks a medical question (is this normal, what should I take): a clinician answers, not the desk
        ClinicalQuestion => "asks a clinical question",
        /// asks for copies of records (their own, a child's, or someone else's)
        RecordsRequest => "asks for records",
        /// asks about a bill they do not understand
        BillQuestion => "question about a bill",
        /// says a bill is wrong and disputes it
        BillDispute => "disputes a bill",
        /// a charge the event is about has an open twin (same patient, day, code and site)
        DuplicateCharge => "a charge appears twice",
        /// does not understand why they owe the deductible or coinsurance
        DeductibleQuestion => "does not understand the deductible",
        /// cannot pay the balance in full
        CannotPay => "cannot pay in full",
        /// asks what care will cost before it is given
        EstimateRequest => "asks for a cost estimate",
        /// asks the desk to change a billing code so insurance will pay
        CodeChangeRequest => "asks to change a billing code",
        /// wants to cancel or move an appointment
        CancellationRequest => "wants to cancel",
        /// an appointment the event is about starts within the policy's `late_cancel_hours`
        LateCancellation => "cancels with less notice than policy asks",
        /// a patient missed an appointment without calling
        NoShow => "a patient did not come",
        /// a patient has missed several appointments: the provider decides what happens
        RepeatedNoShows => "a patient has missed several visits",
        /// the patient's record has the `HighRisk` flag (missed visits are followed up)
        HighRiskPatient => "a high-risk patient",
        /// the patient's plan needs a referral on file before this visit
        ReferralRequired => "the visit needs a referral",
        /// the plan needs prior authorisation before this service
        PriorAuthRequired => "the service needs prior authorisation",
        /// appointment reminders are to go out
        ReminderDue => "appointment reminders are due",
        /// the patient must be reached by phone and may not answer, so a voicemail may be left
        VoicemailNeeded => "the patient must be reached by voicemail",
        /// the record has the `ConfidentialContact` or `NoCallsAtHome` flag: contact only as the patient asked
        ConfidentialContactRequested => "asked for confidential contact",
        /// a patient arrives for a visit and must be checked in
        CheckInDue => "a patient is checking in",
        /// a copay is due at this visit
        CopayDue => "a copay is due",
        /// pays in cash or by check: a receipt, and a check is stamped for deposit
        CashPayment => "pays in cash or by check",
        /// an overdue balance needs a collection call (debt-collection rules apply)
        CollectionCall => "an overdue balance needs a call",
        /// an insurer or payer asks for information it needs to pay a claim: the minimum necessary
        DisclosureForPayment => "information is needed for payment",
        /// the waiting room's sign-in sheet is in use
        SignInSheet => "the sign-in sheet is in use",
        /// a patient is to be called in from the waiting room
        CallingFromWaitingRoom => "a patient must be called from the waiting room",
        /// the patient is at the desk in person
        PatientPresent => "the patient is present",
        /// a patient asks for their record to be changed: the author decides
        AmendmentRequest => "asks to amend the record",
        /// the office's own record has a mistake to correct
        RecordError => "an error in the record",
        /// reports an allergy that is not on the record
        NewAllergy => "reports a new allergy",
        /// the patient is under 18 on the day played
        MinorPatient => "the patient is a minor",
        /// a referral to a specialist is to be sent
        ReferralOutgoing => "a referral must be sent",
        /// a specialist's or imaging report has come back to the office
        ReturnedReport => "a specialist's report came back",
        /// imaging (an X-ray, a scan) ordered by a clinician is to be arranged
        ImagingOrder => "imaging must be arranged",
        /// someone must be fitted into a schedule that is already full
        OverbookRequest => "needs a slot on a full schedule",
        /// a clinician wants this patient seen today
        ClinicianDirectedSameDay => "clinician wants the patient seen today",
        /// comes to a hospital's emergency department asking to be seen: screening comes before any question of payment (EMTALA)
        EmergencyDepartmentVisit => "asks to be seen in the emergency department",
        ["Who is asking"]
        /// the person on the line is the patient
        CallerIsPatient => "the patient is calling",
        /// a parent or guardian calls about their child
        CallerIsParent => "a parent is calling",
        /// a relative or friend calls about the patient
        CallerIsFamily => "a family member is calling",
        /// someone outside the patient's care asks (an attorney, an insurer, an employer)
        ThirdPartyRequester => "an outside party is asking",
        /// a signed HIPAA authorisation with every required element is on file
        ValidAuthorisation => "a valid, signed authorisation is on file",
        /// the authorisation on file has passed its expiry date
        ExpiredAuthorisation => "the authorisation on file has expired",
        /// the caller will not or cannot call 911 themselves
        RefusesEmergencyCall => "refuses or cannot call 911",
        ["What the office shows"]
        /// the schedule has no open slot today
        FullDay => "the schedule is full",
        /// patients are in the waiting room
        PatientsWaiting => "patients are waiting",
        /// the provider is running behind schedule
        ProviderRunningLate => "the provider is running late",
        /// an AED the event is about was last checked at least `aed_check_days` ago
        AedCheckDue => "AED check is due",
        /// an AED the event is about has `status: Fault`
        AedFault => "AED shows a fault",
        /// an AED the event is about has pads expiring within `expiring_soon_days`
        AedPadsExpireSoon => "AED pads expire within a month",
        /// a lot the event is about (or a lot of a stock item it is about) is on the shelf past its `expires` day
        ExpiredLot => "an expired lot is on the shelf",
        /// a stock item the event is about has usable stock at or below its `reorder_point`
        StockLow => "stock at or below its reorder point",
        /// an emergency kit the event is about was last checked at least `kit_check_days` ago, or was used
        EmergencyKitCheckDue => "emergency kit check is due",
        /// there is a fire in the office
        Fire => "fire",
        /// an extinguisher the event is about was last checked at least `extinguisher_check_days` ago
        ExtinguisherCheckDue => "extinguisher inspection is due",
        /// an exit route is blocked or locked
        BlockedExit => "an exit is blocked",
        /// a new chemical product has arrived (it needs its safety data sheet and labels)
        NewChemical => "a new chemical arrived",
        /// someone had a needlestick or a blood or body-fluid exposure
        SharpsExposure => "a blood or sharps exposure",
        /// the patient's record says `self_pay` (no insurance used): good-faith estimates apply
        SelfPay => "self-pay patient",
        /// the patient's insurance `plan` is `OriginalMedicare`: the ABN applies
        OriginalMedicare => "Original Medicare",
        ["Derived by the session from the office"]
        /// an emergency kit the event is about is marked `used` (it needs restocking)
        KitUsed => "the kit was used since its last check",
        /// equipment the event is about has `status: Fault`, or is an extinguisher that was `used`
        EquipmentFault => "equipment shows a fault",
        /// the open charges the event is about total $400 or more above their good-faith estimates
        BillOverEstimate => "a bill is $400 or more above the good-faith estimate",
        ["What the person asks about"]
        /// the person asks about the patient's care, condition or bill
        AsksAboutPatient => "asks about the patient's care or bill",
        /// the person asks to be contacted only one way (a cell phone, no voicemail, not at home)
        AsksForConfidentialContact => "asks to be contacted only a certain way",
        ["From the patient's record"]
        /// the patient's record shows seven collection calls in the last seven days
        SevenCallsInSevenDays => "seven collection calls in the last seven days",
        ["From registration"]
        /// the patient has a `registration` block: a new patient the desk must register
        NewPatientRegistration => "a new patient to register",
        /// the patient hands over an insurance card (`registration.card`)
        HasInsuranceCard => "brings an insurance card",
        /// the patient needs a qualified interpreter (`registration.needs_interpreter`, or the `InterpreterNeeded` flag)
        InterpreterNeeded => "needs a qualified interpreter",
        /// the patient to register has no photo ID with them (`registration` without `photo_id`)
        NoPhotoId => "has no photo ID",
        /// the payer's eligibility response shows no active coverage, or another member ID than the card
        CoverageMismatch => "the eligibility response does not match the card",
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
        Fact::NewPatientRegistration,
        Fact::HasInsuranceCard,
        Fact::InterpreterNeeded,
        Fact::NoPhotoId,
        Fact::CoverageMismatch,
    ];

    pub fn is_world(self) -> bool {
        Fact::WORLD.contains(&self)
    }
}

/// A word of a list whose words carry values (the rule language, reactions, the lists of the
/// scenario schema), or a field of a clause: how it is written and what it means. Such a list
/// keeps a table of these beside its enum (`Condition::WORDS` …), in the enum's order; tests
/// check that the table names every variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMeaning {
    /// The variant or field, as written in RON: `AnyFact`.
    pub word: &'static str,
    /// How it is written, with its value: `AnyFact([ChestPain, ChestPressure])`.
    pub example: &'static str,
    /// What it means, in one line.
    pub meaning: &'static str,
}

impl WordMeaning {
    pub const fn new(word: &'static str, example: &'static str, meaning: &'static str) -> Self {
        WordMeaning {
            word,
            example,
            meaning,
        }
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
        ["The phone and the window"]
        /// picks up a ringing call (refused if it is not ringing): the caller's opening words appear and the ring stops
        Answer => "answer the call",
        /// greets the caller or visitor; `details` say what the greeting had (practice name, own name, an offer of help)
        Greet => "greet",
        /// asks who they are and what they need: usually brings the reply that tells what is wrong
        AskNameAndReason => "ask name and reason",
        /// asks the red-flag questions (chest pain, breathing, stroke signs) before anything routine
        ScreenForEmergency => "screen for an emergency",
        /// asks the caller's permission before putting them on hold
        AskToHold => "ask permission to hold",
        /// puts the caller on hold: they cannot hear the desk until taken off hold, and their hold patience runs
        PlaceOnHold => "place on hold",
        /// comes back to a held caller briefly and puts them back on hold (the hold clock starts again)
        CheckBack => "check back with the caller on hold",
        /// takes the caller off hold and goes on with the call
        ResumeCall => "take the caller off hold",
        /// promises that someone will call back; `details` say whether a time window and "call back or 911 if worse" were given
        OfferCallback => "offer a callback",
        /// writes a message for a clinician or colleague; `details` list the fields it has
        TakeMessage => "take a message",
        /// ends the call (refused while it still rings: answer it, or let it ring)
        EndCall => "end the call",
        /// says one of the event's dialogue lines (`choice`): it counts as the act the line stands for
        Say => "say",
        ["Triage"]
        /// confirms where the caller is, so help can be sent
        ConfirmLocation => "confirm the caller's location",
        /// confirms a number to call back on if the line drops
        ConfirmCallbackNumber => "confirm the callback number",
        /// tells the person to hang up and call 911 now (at the window: to call 911 for them)
        AdviseEmergency => "advise calling 911",
        /// gets the caller's word that they will call 911 as soon as they hang up
        ConfirmWillCallEmergency => "get confirmation they will call 911",
        /// repeats the 911 advice to someone who refuses or hesitates
        RepeatEmergencyAdvice => "repeat the 911 advice",
        /// brings a clinician in now (on the line or to the window); possible even after the person has gone
        EscalateToClinician => "escalate to a clinician now",
        /// transfers the call to nurse triage
        TransferToNurse => "transfer to nurse triage",
        /// gives the 988 Suicide and Crisis Lifeline
        GiveCrisisLine => "give the 988 crisis line",
        /// stays on the line with the caller until help arrives or a clinician takes over
        StayOnLine => "stay on the line",
        /// writes the event up in the record or log; `details` say what the note has; possible after the person has gone
        Document => "document",
        /// gives advice on symptoms or medicines: outside the front desk's role
        GiveMedicalAdvice => "give medical advice",
        /// suggests what the problem is: outside the front desk's role
        Diagnose => "suggest a diagnosis",
        /// tells someone with symptoms they do not need to be seen: outside the front desk's role
        SayNoNeedToBeSeen => "say they do not need to be seen",
        ["Identity and privacy"]
        /// checks who the person is; `details` list the identifiers asked (two are needed before a record is opened)
        VerifyIdentity => "verify identity",
        /// checks that a requester (a parent, an attorney, an insurer) has the right to the information
        VerifyAuthority => "verify the requester's authority",
        /// shares information about a patient; `details` say how much (minimum necessary, a condition named)
        Disclose => "disclose information",
        /// declines to share information the requester has no right to
        DeclineDisclosure => "decline to disclose",
        ["Check-in and payments"]
        /// checks a patient in; `details` say what was verified (eligibility, insurance card, photo ID …)
        CheckIn => "check in",
        /// collects the copay at the time of service
        CollectCopay => "collect the copay",
        /// gives a receipt for a payment
        GiveReceipt => "give a receipt",
        /// tells the people in the waiting room about a delay
        NotifyWaitingPatients => "tell waiting patients about the delay",
        ["Registration"]
        /// scans the insurance card into the registration record: `details` name the sides (`CardFront`, `CardBack`; none: both); refused if the patient has no card
        ScanInsuranceCard => "scan the insurance card",
        /// sends the eligibility inquiry to the payer and files its response in the record: refused before the card is scanned; the desk adds `CoverageConfirmed` or `CoverageMismatch`
        CheckEligibility => "check eligibility and benefits",
        /// scans the patient's photo ID into the record: refused if they have none with them
        ScanPhotoId => "scan the photo ID",
        /// records name, date of birth, address and phone as the patient (or the guardian) says them
        RecordDemographics => "record demographics",
        /// records the emergency contact the patient names
        RecordEmergencyContact => "record the emergency contact",
        /// records who is responsible for the bill (the guarantor)
        RecordGuarantor => "record the guarantor",
        /// asks which language the patient prefers and whether they want an interpreter; records the answer
        AskLanguagePreference => "ask the preferred language",
        /// brings in a qualified interpreter (the office's phone or video service), at no cost to the patient
        ArrangeInterpreter => "arrange a qualified interpreter",
        /// lets the person who came with the patient interpret: refused if nobody came; the desk adds `CompanionIsMinor` when that person is under 18
        LetCompanionInterpret => "let the companion interpret",
        /// asks whether the patient needs any accommodation (mobility, hearing, vision) and records it
        AskAccessibilityNeeds => "ask about accessibility needs",
        /// gives the patient the Notice of Privacy Practices
        GiveNpp => "give the Notice of Privacy Practices",
        /// records the NPP acknowledgment: `Signed` when the patient signed it, or `Refusal` with `GoodFaithEffort` when they would not; refused before the notice is given, or when it says otherwise than what the patient did
        RecordNppAcknowledgment => "record the NPP acknowledgment",
        /// records the patient's own signed consent to treatment
        RecordConsent => "record the patient's consent",
        /// records a present parent's or guardian's signed consent for a minor: refused when no guardian came
        RecordGuardianConsent => "record the guardian's consent",
        /// goes over the office's financial policy (copays, deductibles, self-pay, missed visits); `Signed` when the patient signs it
        ReviewFinancialPolicy => "review the financial policy",
        ["Scheduling"]
        /// books an appointment (`provider`, `visit`, `start`, `day`): refused if the slot is taken, in the past, outside hours or on a closed day; the desk adds `SameDay` or `LaterDay`, `BufferSlot` and how many business days ahead
        Book => "book an appointment",
        /// books into a slot that is already taken: refused without the provider's approval (`RequestApproval`) first; the desk adds `Approved`, `Overlaps` and `OverLimit`
        DoubleBook => "double-book",
        /// moves an appointment (`target`) to a new `start` and `day`, and optionally another `provider`: refused if the new time is taken
        Move => "move an appointment",
        /// cancels an appointment (`target`): its slot becomes free
        Cancel => "cancel an appointment",
        /// asks a provider (`provider`) to approve a double-book; the desk records the approval for that provider
        RequestApproval => "ask the provider's approval",
        /// tells the provider (a no-show, a returned report, an amendment request); possible after the person has gone
        NotifyProvider => "notify the provider",
        /// offers the patient a new time
        OfferReschedule => "offer to reschedule",
        /// offers a freed slot (`target`) to someone on the waiting list
        BackfillSlot => "backfill the freed slot",
        /// enters the no-show in the chart; `details` say what the entry has
        RecordNoShow => "record the no-show in the chart",
        /// calls a patient; rings back a caller who hung up or whose call ended, and the conversation goes on; the desk adds `AfterHours` before 8 a.m. or from 9 p.m.
        CallPatient => "call the patient",
        /// sends a certified letter (after missed visits, or when calls fail)
        SendCertifiedLetter => "send a certified letter",
        /// dismisses the patient from the practice: the provider's decision, never the desk's alone
        DismissPatient => "dismiss the patient from the practice",
        /// sends an appointment reminder; `details` say whether by the route the patient agreed to
        SendReminder => "send a reminder",
        /// leaves a voicemail; `details` say what it said; possible after the call has ended; the desk adds `AfterHours` outside 8 a.m.–9 p.m.
        LeaveVoicemail => "leave a voicemail",
        /// checks that the referral or prior authorisation is on file
        ConfirmReferralOnFile => "confirm the referral or authorisation is on file",
        /// asks the insurer for prior authorisation; `details` say what was sent
        RequestPriorAuth => "request prior authorisation",
        ["Billing"]
        /// sends an itemised statement of the charges
        SendItemisedStatement => "send an itemised statement",
        /// compares the bill with the insurer's explanation of benefits
        CompareWithEob => "compare the bill with the EOB",
        /// reverses a charge (`target`): refused if already reversed; the desk adds `DuplicateFound` when an open twin remains
        ReverseCharge => "reverse a charge",
        /// calls or writes to the insurer
        ContactPayer => "contact the insurer",
        /// explains what the plan pays and why the patient owes what they owe; `details` say what was explained
        ExplainBenefits => "explain the benefits",
        /// offers a payment plan to the patient (the action's, else the event's): the office records it
        OfferPaymentPlan => "offer a payment plan",
        /// tells the person when to expect the result (a corrected bill, a copy of records, a decision)
        GiveTimeline => "give a timeline",
        /// threatens to send the account to collections
        ThreatenCollections => "threaten collections",
        /// changes a billing code: not the desk's to do
        ChangeCode => "change a billing code",
        /// sends a coding question to the coder or the provider
        RouteToCoder => "route to the coder",
        /// gives a written good-faith estimate of the cost of care to a self-pay patient
        GiveGoodFaithEstimate => "give a good-faith estimate",
        /// goes over the Advance Beneficiary Notice with a Medicare patient; `details` say how (aloud, signed, blank, in an emergency)
        ReviewAbn => "review the ABN with the patient",
        /// holds collection activity on the disputed amount while the dispute is open
        SuspendCollections => "hold collections on the disputed amount",
        /// sends the account to a collection agency
        SendToCollections => "send the account to collections",
        /// stamps a check "For Deposit Only"
        StampForDeposit => "stamp the check \"For Deposit Only\"",
        /// reconciles the day's payments against the receipts
        ReconcileDrawer => "reconcile the day's payments",
        /// has patients sign in; `details` say what the sheet asks for
        UseSignInSheet => "use the sign-in sheet",
        /// calls a patient in from the waiting room; `details` say what was said aloud
        CallFromWaitingRoom => "call the patient from the waiting room",
        ["Records and referrals"]
        /// opens the patient's record
        OpenRecord => "open the record",
        /// changes the record (demographics, a filed report, the chemical list); `details` say how
        UpdateRecord => "update the record",
        /// corrects or amends an entry in the record; `details` say how it was done
        AmendRecord => "amend the record",
        /// sends a referral or order to a specialist or imaging centre; `details` say what went with it
        SendReferral => "send a referral",
        /// follows the referral until the report comes back
        TrackReferral => "track the referral until the report returns",
        /// goes over the allergy list with the patient; `details` say what was recorded
        ReviewAllergies => "review allergies",
        /// alerts the clinician to something they must know before the visit; possible after the person has gone
        AlertClinician => "alert the clinician",
        /// checks a release authorisation; `details` list the elements it was checked for
        CheckAuthorisation => "check the authorisation",
        /// releases records to the requester; `details` say how much
        ReleaseRecords => "release records",
        /// sends a written denial of a records request, with the right to appeal
        SendWrittenDenial => "send a written denial with appeal rights",
        ["Supplies and safety"]
        /// orders a stock item (`target`, `quantity` at least 1): the desk adds `ToPar` when usable stock plus orders reach par
        OrderStock => "order stock",
        /// takes a lot (`target`) off the shelf: refused if already off; the desk adds `Expired` if it is
        RemoveLot => "remove a lot from the shelf",
        /// sets a lot aside from usable stock: refused while it is still on the shelf
        SegregateLot => "segregate a lot",
        /// logs the disposal of a lot
        LogDisposal => "log the disposal",
        /// takes one unit from a lot: refused if it is off the shelf or empty; the desk adds `Expired`, or `FirstExpiring` when it is the usable lot that expires first
        UseLot => "use stock from a lot",
        /// logs a safety check of equipment (`target`): the check date becomes today; `details` say what was checked
        LogCheck => "log a safety check",
        /// tags equipment (`target`) "Not Ready" so no one relies on it
        TagNotReady => "tag equipment \"Not Ready\"",
        /// tells the office manager; possible after the person has gone
        NotifyManager => "notify the office manager",
        /// moves people out of immediate danger (RACE: Rescue)
        RescueOthers => "rescue people in danger",
        /// pulls the fire alarm (RACE: Alarm)
        PullAlarm => "pull the alarm",
        /// closes doors to contain the fire (RACE: Contain)
        ContainFire => "contain the fire (close doors)",
        /// leads everyone out (RACE: Evacuate)
        Evacuate => "evacuate",
        /// uses an extinguisher (PASS); with a `target`, that extinguisher is marked used
        UseExtinguisher => "use the extinguisher",
        /// clears a blocked exit route
        ClearExit => "clear the exit route",
        /// files the chemical's safety data sheet
        FileSds => "file the safety data sheet",
        /// labels the chemical's containers
        LabelChemical => "label the chemical",
        /// puts on gloves and other protective equipment
        UsePpe => "put on protective equipment",
        /// reports a blood or sharps exposure; `details` say what the report has
        ReportExposure => "report the exposure",
        /// restocks and reseals an emergency kit (`target`): it is no longer `used`
        RestockKit => "restock the kit",
    }
}

vocabulary! {
    /// The particulars of an act: which identifiers were asked, which message fields were taken,
    /// what a check covered. Some are added by the session (`SameDay`, `Refused` …).
    Detail {
        ["Greeting"]
        /// the greeting names the practice
        PracticeName => "practice name",
        /// the speaker gives their own name
        OwnName => "own name",
        /// the greeting offers help ("how may I help you?")
        OfferHelp => "offer of help",
        ["Identifiers"]
        /// the patient's full name was asked
        FullName => "full name",
        /// the date of birth was asked or noted
        DateOfBirth => "date of birth",
        /// the address was asked or written
        Address => "address",
        /// a phone number was asked or written
        PhoneNumber => "phone number",
        /// the medical record number was asked
        RecordNumber => "medical record number",
        /// a photo ID was seen
        PhotoId => "photo ID",
        /// where the person is (a room, an address) was noted
        RoomOrLocation => "room or location",
        ["Messages and documentation"]
        /// the date and time are written down
        DateTime => "date and time",
        /// the caller's name is written down
        CallerName => "caller's name",
        /// the patient's name is written down
        PatientName => "patient's name",
        /// a callback number is given or written down
        CallbackNumber => "callback number",
        /// the reason (for the call, the visit, the cancellation, the referral) is given or written down
        Reason => "reason",
        /// how urgent it is is written down
        Urgency => "urgency",
        /// who took the message is written down
        Taker => "who took it",
        /// the caller's own words are written down
        CallerWords => "caller's own words",
        /// the advice the desk gave is written down
        AdviceGiven => "advice given",
        /// what came of it is written down
        Outcome => "outcome",
        /// the note is marked high priority
        HighPriority => "high priority",
        /// the person's refusal (of 911, of care) is written down
        Refusal => "the refusal",
        /// when the symptoms started is written down
        OnsetTime => "when the symptoms started",
        /// the promised callback comes with a time window
        CallbackWindow => "when to expect the callback",
        /// the person is told to call back, or 911, if it gets worse
        CallBackOr911IfWorse => "call back or 911 if worse",
        /// the provider is named
        ProviderName => "provider",
        /// the reason for the visit is named (on a booking, a sheet, aloud, in a message)
        VisitReason => "reason for the visit",
        /// the letter went by certified mail
        CertifiedMail => "certified mail",
        ["Checks"]
        /// the AED's ready indicator was checked
        ReadyIndicator => "ready indicator",
        /// the AED pads' expiry date was checked
        PadExpiry => "pad expiry",
        /// the AED battery's expiry date was checked
        BatteryExpiry => "battery expiry",
        /// the equipment was checked for damage
        Damage => "damage",
        /// the log entry is initialled
        Initials => "initials",
        /// the seal (of a kit, of an extinguisher's pin) was checked intact
        SealIntact => "seal intact",
        /// the extinguisher's pressure gauge was checked
        Pressure => "pressure gauge",
        /// the inspection tag was checked and signed
        Tag => "inspection tag",
        ["Check-in"]
        /// insurance eligibility was verified for today
        Eligibility => "eligibility",
        /// the insurance card was seen (front and back)
        InsuranceCard => "insurance card",
        /// address, phone and other demographics were confirmed
        Demographics => "demographics",
        /// the patient was asked about other coverage
        CoordinationOfBenefits => "coordination of benefits",
        ["Registration"]
        /// the front of the insurance card was scanned (payer, member ID, group)
        CardFront => "card front",
        /// the back of the insurance card was scanned (claims address, payer phone numbers)
        CardBack => "card back",
        /// the effort to get the NPP acknowledgment signed, and why it was not, are written down
        GoodFaithEffort => "good-faith effort documented",
        /// the eligibility response shows active coverage matching the card
        CoverageConfirmed => "coverage confirmed",
        /// the eligibility response shows no active coverage, or another member than the card
        CoverageMismatch => "coverage does not match the card",
        /// the companion asked to interpret is under 18
        CompanionIsMinor => "the companion is a minor",
        ["Billing"]
        /// the reversed charge had an open twin: it was a duplicate
        DuplicateFound => "duplicate found",
        /// the deductible was explained
        Deductible => "deductible",
        /// the coinsurance was explained
        Coinsurance => "coinsurance",
        /// the copay was explained
        Copay => "copay",
        /// the out-of-pocket maximum was explained
        OutOfPocketMax => "out-of-pocket maximum",
        /// the ABN was reviewed with the patient aloud
        Verbal => "reviewed aloud",
        /// the form was signed by the patient
        Signed => "signed",
        /// the form was left blank (not filled in for the patient)
        Blank => "left blank",
        /// it was done in an emergency (an ABN may not be given then)
        Emergency => "in an emergency",
        /// the call or voicemail was made before 8 a.m. or from 9 p.m.
        AfterHours => "outside 8 a.m.–9 p.m.",
        /// details of the debt were given to someone other than the patient
        ThirdPartyDetails => "debt details to a third party",
        ["Supplies"]
        /// after the order, usable stock plus orders reach par
        ToPar => "up to par",
        /// the lot acted on is past its expiry day
        Expired => "expired stock",
        /// the lot used is the usable lot on the shelf that expires first (first expired, first out)
        FirstExpiring => "the lot that expires first",
        ["Privacy"]
        /// only the minimum necessary was shared
        MinimumNecessary => "minimum necessary",
        /// a diagnosis or condition was named
        ConditionNamed => "names a condition",
        /// only the name was used (on a sheet, aloud in the waiting room)
        NameOnly => "name only",
        /// done the way the patient agreed to be contacted
        PatientAgreement => "the patient agreed",
        /// the authorisation describes what is released
        Description => "what is released",
        /// the authorisation names who receives it
        Recipient => "who receives it",
        /// the authorisation states the purpose
        Purpose => "purpose",
        /// an expiry date was checked (of an authorisation, of kit contents)
        ExpiryDate => "expiry date",
        /// the authorisation is signed and dated
        Signature => "signature and date",
        /// the authorisation states the right to revoke it
        RevocationStatement => "right to revoke",
        /// the error was struck through with a single line
        SingleLine => "a single line through the error",
        /// the original entry stays legible
        OriginalLegible => "the original still legible",
        /// the correction is initialled
        Initialled => "initialled",
        /// the correction is dated
        Dated => "dated",
        /// the reason for the correction is written
        ReasonGiven => "reason given",
        /// an entry was overwritten, erased or deleted
        Overwritten => "overwritten or erased",
        /// the allergen was recorded
        Allergen => "allergen",
        /// the reaction was recorded
        Reaction => "reaction",
        /// the severity of the reaction was recorded
        AllergySeverity => "severity",
        /// "no known drug allergies" was recorded
        Nkda => "no known drug allergies",
        /// the relevant records went with it
        Records => "records",
        /// the insurance details went with it
        InsuranceInfo => "insurance details",
        /// it concerns a report that came back
        ReportReturned => "report returned",
        /// the exposure incident form was filled in
        ExposureForm => "exposure form",
        /// people in danger were rescued
        Rescue => "rescue",
        /// the alarm was raised
        Alarm => "alarm",
        /// the fire was contained
        Contain => "contain",
        /// the fire was small enough to fight
        SmallFire => "the fire is small",
        /// the person using the extinguisher is trained
        Trained => "trained",
        /// the way out was clear behind them
        ExitClear => "exit clear",
        ["Added by the session to scheduling acts"]
        /// the booking is for today
        SameDay => "same day",
        /// the booking is for a later day
        LaterDay => "a later day",
        /// the booking took one of today's buffer slots
        BufferSlot => "buffer slot",
        /// the double-book overlaps another booking
        Overlaps => "overlaps another booking",
        /// the double-book had the provider's approval
        Approved => "approved by the provider",
        /// the double-book goes past the policy's per-hour or per-day double-book limit
        OverLimit => "over the policy's double-book limit",
        /// the visit is 3 or more business days ahead
        ThreeBusinessDaysAhead => "at least 3 business days ahead",
        /// the visit is 10 or more business days ahead
        TenBusinessDaysAhead => "at least 10 business days ahead",
        ["Added by the session to any refused act"]
        /// the desk refused the act; rules match refused acts only by listing this in `includes`
        Refused => "refused",
    }
}

vocabulary! {
    /// How someone at the desk feels: waiting moves it along, and consequences may set it.
    Mood {
        /// at ease: the default
        Calm => "calm",
        /// has waited long enough to grow impatient (the policy's `wait_impatient_seconds`, or set by a consequence)
        Impatient => "growing impatient",
        /// angry: has waited until they complain (`wait_angry_seconds`), or was made angry by a consequence
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
        /// the caller gave up while the line was still ringing (an abandoned call)
        HungUpRinging => "hung up while ringing",
        /// the caller gave up on hold with nobody coming back
        HungUpOnHold => "hung up on hold",
        /// the caller hung up for any reason: ringing, on hold, or made to by a consequence
        HungUp => "hung up",
        /// the patient left the window before what they came for was done
        LeftUnseen => "left without being seen",
        /// the patient waited until they were angry and complained
        Complained => "complained about the wait",
        /// the event came (never true of a cancelled one)
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
        Detail::CoverageConfirmed,
        Detail::CoverageMismatch,
        Detail::CompanionIsMinor,
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
