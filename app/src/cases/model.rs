//! The rules of a case, without storage: its lifecycle (which step may follow which), its case
//! number, the handling-time clock (the Administrative Procedure Act's and the planning act's),
//! the fee reduction for a late building permit, and statutory deadlines that move past
//! weekends and public holidays. Shared by browser and server; everything here is pure.

use crate::domain::date::SimpleDate;
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;

/// Where a case is in its handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Come in, not yet registered (a registrar registers it).
    Received,
    /// Registered with a case number, nobody handles it yet.
    Registered,
    /// An officer has it, work has not begun.
    Assigned,
    InProgress,
    /// The applicant is asked to complete the application; the clock waits.
    CompletionRequested,
    /// Material is communicated to the party for comment before a decision (FL 25 §).
    Communicated,
    Decided,
    Closed,
    /// An appeal came in; its handling (in time or not, forwarded or dismissed) is open.
    Appealed,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Received,
        Status::Registered,
        Status::Assigned,
        Status::InProgress,
        Status::CompletionRequested,
        Status::Communicated,
        Status::Decided,
        Status::Closed,
        Status::Appealed,
    ];

    /// The name stored in `cases.status`, used in addresses and as the Fluent id's tail.
    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Registered => "registered",
            Status::Assigned => "assigned",
            Status::InProgress => "in-progress",
            Status::CompletionRequested => "completion-requested",
            Status::Communicated => "communicated",
            Status::Decided => "decided",
            Status::Closed => "closed",
            Status::Appealed => "appealed",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    /// Still to be decided: the handling-time clock matters.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Decided | Status::Closed | Status::Appealed)
    }
}

/// Something done to a case that moves it on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Register,
    /// Given to an officer (or to another one).
    Assign,
    Start,
    RequestCompletion,
    /// The applicant answered a completion request.
    CompletionAnswered,
    Communicate,
    /// The party commented on what was communicated.
    Commented,
    /// The officer goes on without waiting any longer.
    Resume,
    Decide,
    Close,
    Appeal,
    /// The appeal was forwarded to the appeal body or dismissed as late.
    AppealHandled,
}

impl Step {
    pub const ALL: [Step; 12] = [
        Step::Register,
        Step::Assign,
        Step::Start,
        Step::RequestCompletion,
        Step::CompletionAnswered,
        Step::Communicate,
        Step::Commented,
        Step::Resume,
        Step::Decide,
        Step::Close,
        Step::Appeal,
        Step::AppealHandled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Register => "register",
            Step::Assign => "assign",
            Step::Start => "start",
            Step::RequestCompletion => "request-completion",
            Step::CompletionAnswered => "completion-answered",
            Step::Communicate => "communicate",
            Step::Commented => "commented",
            Step::Resume => "resume",
            Step::Decide => "decide",
            Step::Close => "close",
            Step::Appeal => "appeal",
            Step::AppealHandled => "appeal-handled",
        }
    }

    pub fn parse(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.code() == code)
    }
}

/// The status `step` leads to from `status`, or `None` when it may not be taken there.
pub fn next(status: Status, step: Step) -> Option<Status> {
    use Status::*;
    Some(match (step, status) {
        (Step::Register, Received) => Registered,
        // Giving a case to another officer leaves where it is in its handling unchanged.
        (Step::Assign, Registered) => Assigned,
        (Step::Assign, Assigned | InProgress | CompletionRequested | Communicated) => status,
        (Step::Start, Assigned) => InProgress,
        (Step::RequestCompletion, Assigned | InProgress) => CompletionRequested,
        (Step::CompletionAnswered, CompletionRequested) => InProgress,
        (Step::Communicate, InProgress) => Communicated,
        (Step::Commented, Communicated) => InProgress,
        (Step::Resume, CompletionRequested | Communicated) => InProgress,
        (Step::Decide, InProgress) => Decided,
        (Step::Close, Decided) => Closed,
        (Step::Appeal, Decided | Closed) => Appealed,
        (Step::AppealHandled, Appealed) => Closed,
        _ => return None,
    })
}

/// How a decision came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Approved,
    ApprovedWithConditions,
    Rejected,
    /// Not tried on its merits (avvisat).
    Dismissed,
}

impl Outcome {
    pub const ALL: [Outcome; 4] =
        [Outcome::Approved, Outcome::ApprovedWithConditions, Outcome::Rejected, Outcome::Dismissed];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::ApprovedWithConditions => "approved-with-conditions",
            Outcome::Rejected => "rejected",
            Outcome::Dismissed => "dismissed",
        }
    }

    pub fn parse(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|outcome| outcome.code() == code)
    }

    /// Goes against the party: communication (FL 25 §) must have run its course first.
    pub fn is_adverse(self) -> bool {
        matches!(self, Outcome::Rejected | Outcome::Dismissed | Outcome::ApprovedWithConditions)
    }
}

/// `BN 2026/0123`: the department's prefix, the year and the serial, zero-padded to `digits`.
pub fn case_number(prefix: &str, year: i32, serial: i64, digits: usize) -> String {
    format!("{}{serial:0digits$}", case_number_stem(prefix, year))
}

/// What a case number of `prefix`'s series for `year` starts with, before its serial.
pub fn case_number_stem(prefix: &str, year: i32) -> String {
    format!("{prefix} {year}/")
}

/// The rules a service's handling-time clock follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockRule {
    /// The clock waits while the applicant is asked to complete, and goes on when answered.
    Standard,
    /// Plan- och bygglagen 9 kap 27 §: a completion request made within three weeks of receipt
    /// restarts the clock from when the gaps are filled; one made later changes nothing. One
    /// extension by up to ten weeks.
    PlanningAct,
}

impl ClockRule {
    pub fn code(self) -> &'static str {
        match self {
            ClockRule::Standard => "standard",
            ClockRule::PlanningAct => "planning-act",
        }
    }

    pub fn parse(code: &str) -> ClockRule {
        if code == "planning-act" {
            ClockRule::PlanningAct
        } else {
            ClockRule::Standard
        }
    }
}

/// A case's handling-time clock (milliseconds since the epoch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlingClock {
    pub rule: ClockRule,
    pub handling_days: i64,
    pub received_at: i64,
    /// The expected decision time.
    pub due_at: i64,
    /// Waiting for the applicant since then (the standard rule).
    pub paused_at: Option<i64>,
    /// The planning act: the request came within three weeks, so the clock starts anew.
    pub restart_on_answer: bool,
    pub extended: bool,
}

impl HandlingClock {
    /// The clock of a case received at `received_at`.
    pub fn start(rule: ClockRule, handling_days: i64, received_at: i64) -> HandlingClock {
        HandlingClock {
            rule,
            handling_days,
            received_at,
            due_at: received_at + handling_days * DAY_MS,
            paused_at: None,
            restart_on_answer: false,
            extended: false,
        }
    }

    /// Completion was requested at `now`.
    pub fn completion_requested(mut self, now: i64) -> HandlingClock {
        match self.rule {
            ClockRule::Standard => self.paused_at = Some(now),
            ClockRule::PlanningAct => self.restart_on_answer = now - self.received_at <= 21 * DAY_MS,
        }
        self
    }

    /// The applicant completed the application at `now` (or the officer went on without it).
    pub fn completion_answered(mut self, now: i64) -> HandlingClock {
        if let Some(paused) = self.paused_at.take() {
            self.due_at += (now - paused).max(0);
        }
        if std::mem::take(&mut self.restart_on_answer) {
            self.due_at = now + self.handling_days * DAY_MS;
        }
        self
    }

    /// The planning act's one extension by `weeks` (at most ten); `None` when not allowed.
    pub fn extend(mut self, weeks: i64) -> Option<HandlingClock> {
        if self.rule != ClockRule::PlanningAct || self.extended || !(1..=10).contains(&weeks) {
            return None;
        }
        self.extended = true;
        self.due_at += weeks * 7 * DAY_MS;
        Some(self)
    }

    /// Waiting for the applicant: the date shown is not running down.
    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    /// Past the expected decision time at `now` (a paused clock is never late).
    pub fn is_overdue(&self, now: i64) -> bool {
        !self.is_paused() && now > self.due_at
    }
}

/// The planning act's fee reduction (12 kap 8 a §): one fifth of the handling fee for each
/// started week past the time limit; nothing is left after five weeks. Returns the fee to pay.
pub fn reduced_fee(fee: i64, due_at: i64, decided_at: i64) -> i64 {
    if decided_at <= due_at {
        return fee;
    }
    let weeks = (decided_at - due_at + 7 * DAY_MS - 1) / (7 * DAY_MS);
    fee - fee * weeks.min(5) / 5
}

/// FL 12 §: after six months without a decision the party may ask for one.
pub fn may_ask_for_decision(received_at: i64, now: i64) -> bool {
    let received = SimpleDate::in_sweden_at(received_at.div_euclid(1000));
    let today = SimpleDate::in_sweden_at(now.div_euclid(1000));
    let (mut year, mut month) = (received.year, received.month + 6);
    if month > 12 {
        year += 1;
        month -= 12;
    }
    let day = received.day.min(crate::domain::date::days_in_month(year, month));
    SimpleDate::new(year, month, day).is_some_and(|limit| today >= limit)
}

/// The last day of an appeal: three weeks after the party received the decision, moved to the
/// next working day when it falls on a Saturday, Sunday, public holiday, Midsummer Eve,
/// Christmas Eve or New Year's Eve (lagen 1930:173 om beräkning av lagstadgad tid).
pub fn appeal_deadline(delivered: SimpleDate) -> SimpleDate {
    next_working_day(delivered.add_days(21))
}

/// Whether an appeal handed in on `received` came in time for a decision delivered on `delivered`.
pub fn appeal_in_time(delivered: SimpleDate, received: SimpleDate) -> bool {
    received <= appeal_deadline(delivered)
}

/// `day`, or the first day after it that is not a Saturday, Sunday or holiday.
pub fn next_working_day(mut day: SimpleDate) -> SimpleDate {
    while !is_working_day(day) {
        day = day.add_days(1);
    }
    day
}

/// Not a Saturday, Sunday, Swedish public holiday, or one of the eves the act treats alike.
pub fn is_working_day(day: SimpleDate) -> bool {
    // 1970-01-01 was a Thursday: days % 7 == 2 is Saturday, 3 is Sunday.
    let weekday = day.to_days().rem_euclid(7);
    if weekday == 2 || weekday == 3 {
        return false;
    }
    let fixed = [(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)];
    if fixed.contains(&(day.month, day.day)) {
        return false;
    }
    let easter = easter_sunday(day.year).to_days();
    let moving = [easter - 2, easter + 1, easter + 39];
    if moving.contains(&day.to_days()) {
        return false;
    }
    // Midsummer Eve: the Friday between 19 and 25 June.
    if day.month == 6 && (19..=25).contains(&day.day) && weekday == 1 {
        return false;
    }
    true
}

/// Easter Sunday of `year` (the Gregorian computus).
fn easter_sunday(year: i32) -> SimpleDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    SimpleDate { year, month: month as u8, day: day as u8 }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> SimpleDate {
        SimpleDate::new(y, m, d).unwrap()
    }

    #[test]
    fn the_lifecycle_allows_only_its_own_steps() {
        assert_eq!(next(Status::Received, Step::Register), Some(Status::Registered));
        assert_eq!(next(Status::Registered, Step::Assign), Some(Status::Assigned));
        assert_eq!(next(Status::InProgress, Step::Assign), Some(Status::InProgress));
        assert_eq!(next(Status::InProgress, Step::RequestCompletion), Some(Status::CompletionRequested));
        assert_eq!(next(Status::CompletionRequested, Step::CompletionAnswered), Some(Status::InProgress));
        assert_eq!(next(Status::Communicated, Step::Commented), Some(Status::InProgress));
        assert_eq!(next(Status::InProgress, Step::Decide), Some(Status::Decided));
        assert_eq!(next(Status::Decided, Step::Appeal), Some(Status::Appealed));
        assert_eq!(next(Status::Appealed, Step::AppealHandled), Some(Status::Closed));
        // Not decided before it is handled, not registered twice, nothing after closing but an appeal.
        assert_eq!(next(Status::Registered, Step::Decide), None);
        assert_eq!(next(Status::Registered, Step::Register), None);
        assert_eq!(next(Status::CompletionRequested, Step::Decide), None);
        assert_eq!(next(Status::Closed, Step::Assign), None);
        assert_eq!(next(Status::Decided, Step::Decide), None);
        for status in Status::ALL {
            assert_eq!(Status::parse(status.code()), Some(status));
        }
        for step in Step::ALL {
            assert_eq!(Step::parse(step.code()), Some(step));
        }
    }

    #[test]
    fn case_numbers_follow_the_departments_pattern() {
        assert_eq!(case_number("BN", 2026, 123, 4), "BN 2026/0123");
        assert_eq!(case_number("KS", 2026, 45, 1), "KS 2026/45");
        assert_eq!(case_number("BUN", 2027, 12345, 4), "BUN 2027/12345");
    }

    #[test]
    fn the_standard_clock_waits_for_the_applicant() {
        let clock = HandlingClock::start(ClockRule::Standard, 30, 0);
        assert_eq!(clock.due_at, 30 * DAY_MS);
        let waiting = clock.completion_requested(10 * DAY_MS);
        assert!(waiting.is_paused() && !waiting.is_overdue(100 * DAY_MS));
        let answered = waiting.completion_answered(17 * DAY_MS);
        assert_eq!(answered.due_at, 37 * DAY_MS);
        assert!(answered.is_overdue(38 * DAY_MS));
        assert_eq!(clock.extend(2), None, "only the planning act allows an extension");
    }

    #[test]
    fn the_planning_act_restarts_only_after_an_early_completion_request() {
        let clock = HandlingClock::start(ClockRule::PlanningAct, 70, 0);
        let early = clock.completion_requested(20 * DAY_MS).completion_answered(40 * DAY_MS);
        assert_eq!(early.due_at, 110 * DAY_MS, "ten weeks from when the gaps were filled");
        let late = clock.completion_requested(22 * DAY_MS).completion_answered(40 * DAY_MS);
        assert_eq!(late.due_at, 70 * DAY_MS, "a later request changes nothing");
        let extended = clock.extend(10).unwrap();
        assert_eq!(extended.due_at, 140 * DAY_MS);
        assert_eq!(extended.extend(1), None, "one extension only");
        assert_eq!(clock.extend(11), None, "at most ten weeks");
    }

    #[test]
    fn a_late_building_permit_costs_a_fifth_less_per_started_week() {
        assert_eq!(reduced_fee(10_000, 100, 100), 10_000);
        assert_eq!(reduced_fee(10_000, 0, 1), 8_000);
        assert_eq!(reduced_fee(10_000, 0, 7 * DAY_MS), 8_000);
        assert_eq!(reduced_fee(10_000, 0, 7 * DAY_MS + 1), 6_000);
        assert_eq!(reduced_fee(10_000, 0, 40 * DAY_MS), 0);
    }

    #[test]
    fn appeal_deadlines_move_past_weekends_and_holidays() {
        // Delivered Monday 2026-11-30: three weeks is Monday 21 December, a working day.
        assert_eq!(appeal_deadline(date(2026, 11, 30)), date(2026, 12, 21));
        // Delivered 2026-12-03: 24 December (Christmas Eve), then the 25th, 26th, 27th → Monday 28.
        assert_eq!(appeal_deadline(date(2026, 12, 3)), date(2026, 12, 28));
        // Delivered 2026-03-13: 3 April 2026 is Good Friday; Easter Monday is the 6th → 7 April.
        assert_eq!(appeal_deadline(date(2026, 3, 13)), date(2026, 4, 7));
        // Midsummer Eve 2026 is Friday 19 June → Monday 22 June.
        assert_eq!(appeal_deadline(date(2026, 5, 29)), date(2026, 6, 22));
        assert!(appeal_in_time(date(2026, 12, 3), date(2026, 12, 28)));
        assert!(!appeal_in_time(date(2026, 12, 3), date(2026, 12, 29)));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
    }

    #[test]
    fn after_six_months_the_party_may_ask_for_a_decision() {
        let received = date(2026, 1, 31).to_days() * DAY_MS + 12 * 3_600_000;
        assert!(!may_ask_for_decision(received, date(2026, 7, 30).to_days() * DAY_MS + 12 * 3_600_000));
        assert!(may_ask_for_decision(received, date(2026, 7, 31).to_days() * DAY_MS + 12 * 3_600_000));
    }
}
