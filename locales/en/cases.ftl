## Cases: the officers' workspace, My cases and the public records register.

cases-status-received = Received
cases-status-registered = Registered
cases-status-assigned = Assigned
cases-status-in-progress = In progress
cases-status-completion-requested = Waiting for more information
cases-status-communicated = Sent for comment
cases-status-decided = Decided
cases-status-closed = Closed
cases-status-appealed = Appealed
cases-overdue = Overdue
cases-paused = Clock stopped

cases-back-office = Cases
cases-queues = Work queues
cases-queue-nya = To register
cases-queue-otilldelade = Unassigned
cases-queue-mina = My cases
cases-queue-forsenade = Overdue
cases-queue-vantar = Waiting for the applicant
cases-queue-alla = All cases
cases-filter-service = Service
cases-filter-status = Status
cases-filter-all = All
cases-filter-apply = Show
cases-queue-empty = There are no cases in this queue.
cases-next-page = Next page
cases-older-cases = Older cases

cases-not-registered = Not registered
cases-confidential = Confidential
cases-number = Case number
cases-title = Case
cases-status = Status
cases-received = Received
cases-due = Expected decision
cases-due-paused = The time does not run while we wait for you or for the applicant.
cases-officer = Case officer
cases-no-officer = No case officer yet
cases-department = Handled by
cases-party = Applicant
cases-party-unknown = Not stated
cases-internal = Internal

cases-my-cases = My cases
cases-my-cases-lead = Here you see your cases, what has happened in them and when you can expect a decision.
cases-my-cases-empty = You have no cases yet. When you send an application while signed in, it shows here.
cases-may-ask-for-decision = More than six months have passed since the case began. You have the right to ask in writing for the authority to decide the case (Administrative Procedure Act, section 12). Within four weeks the authority must then either decide the case or refuse your request in a separate decision.
cases-readers = Who has read the case
cases-readers-lead = Every time someone at the authority opens your case, it is recorded. Here you see the latest.

cases-documents = Documents
cases-timeline = What has happened
cases-reply-by = Reply by { $date }.

cases-doc-submission = Application
cases-doc-attachment = Attachment
cases-doc-completion-request = Request for more information
cases-doc-communication = Material for comment before a decision
cases-doc-note = Internal note
cases-doc-message-out = Message to the applicant
cases-doc-message-in = Message from the applicant
cases-doc-extension = Decision to extend the handling time
cases-doc-decision = Decision
cases-doc-appeal = Appeal
cases-doc-appeal-decision = Decision on the appeal

cases-event-received = The case came in
cases-event-registered = The case was registered
cases-event-assigned = The case was given a case officer
cases-event-started = Handling began
cases-event-completion-requested = More information was requested
cases-event-completion-answered = The applicant sent more information
cases-event-communicated = Material was sent for comment
cases-event-commented = The applicant commented
cases-event-resumed = Handling continued
cases-event-note = Internal note
cases-event-message-out = A message was sent to the applicant
cases-event-message-in = The applicant sent a message
cases-event-extended = The handling time was extended
cases-event-decided = A decision was made
cases-event-closed = The case was closed
cases-event-appealed = An appeal came in
cases-event-appeal-forwarded = The appeal was passed on to the body that hears it
cases-event-appeal-dismissed = The appeal was dismissed because it came in too late

cases-outcome-approved = Approved
cases-outcome-approved-with-conditions = Approved with conditions
cases-outcome-rejected = Rejected
cases-outcome-dismissed = Dismissed without examination
cases-decision-reasons = Reasons for the decision
cases-decision-legal-basis = Provisions the decision is based on
cases-decision-by = The decision was made by { $name } on { $date }.
cases-fee-reduction = The decision was made { $weeks } started weeks after the time limit. The handling fee is therefore reduced by { $fifths } fifths (Planning and Building Act, chapter 12, section 8 a).
cases-appeal-how = How to appeal
cases-appeal-body-standard = the administrative court
cases-appeal-body-planning-act = the county administrative board
cases-appeal-instructions = If you want to appeal against the decision, write to { $body }. Send the appeal to { $department }, not directly to { $body }. The appeal must have arrived within three weeks of the day you received the decision. If the last day is a Saturday, Sunday or public holiday, it is enough that the appeal arrives on the next working day.
cases-appeal-contents = State which decision you are appealing against (date and case number), how you want the decision changed and why. Give your name, personal identity number, address and phone number, and sign it. If a representative appeals for you, attach a power of attorney.
cases-appeal-delivered = The applicant received the decision
cases-appeal-received = The appeal came in
cases-appeal-deadline = Last day to appeal
cases-appeal-in-time = The appeal came in on time. It is to be passed on to the body that hears it.
cases-appeal-late = The appeal came in too late. It is to be dismissed, unless the delay was caused by wrong appeal instructions or the appeal reached the body that hears it in time.

cases-answer-title = Answer the request
cases-answer-lead = The authority is waiting for your answer. Write what the document above asks for.
cases-answer-text = Your answer
cases-answer-send = Send the answer
cases-message-title = Send a message about the case
cases-message-send = Send the message

cases-actions = Actions
cases-date-hint = For example 2026-12-24
cases-assign-to = Case officer
cases-choose = Choose
cases-action-registrera = Register the case
cases-action-ta = Take the case
cases-action-tilldela = Assign a case officer
cases-action-paborja = Begin handling
cases-action-komplettering = Request more information
cases-action-kommunicera = Send for comment before deciding
cases-action-ateruppta = Continue without an answer
cases-action-anteckning = Write an internal note
cases-action-meddelande = Send a message to the applicant
cases-action-forlang = Extend the handling time
cases-action-beslut = Make a decision
cases-action-avsluta = Close the case
cases-action-overklagande = Register an appeal
cases-action-overklagande-hanterat = Handle the appeal
cases-form-komplettering-text = What is missing from the application
cases-form-kommunicera-text = The material the applicant may comment on
cases-form-reply-by = Reply by
cases-form-anteckning-text = Note (not shown to the applicant)
cases-form-meddelande-text = Message
cases-form-weeks = Number of weeks (at most 10)
cases-form-extension-reason = Reason for the extension
cases-form-outcome = Decision
cases-form-reasons = Reasons: the facts that decided it
cases-form-legal-basis = Provisions applied
cases-form-without-communication = If the applicant has not been able to comment on the material: why that is not needed
cases-form-appeal-received = Day the appeal came in
cases-form-appeal-delivered = Day the applicant received the decision
cases-form-appeal-action = What to do with the appeal
cases-form-appeal-forward = Pass it on to the body that hears the appeal
cases-form-appeal-dismiss = Dismiss it because it came in too late

cases-done-registrera = The case is registered.
cases-done-ta = You are the case officer.
cases-done-tilldela = The case has a case officer.
cases-done-paborja = Handling has begun.
cases-done-komplettering = The request for more information has been sent to the applicant.
cases-done-kommunicera = The material has been sent to the applicant.
cases-done-ateruppta = Handling continues.
cases-done-anteckning = The note is saved.
cases-done-meddelande = The message has been sent.
cases-done-forlang = The handling time is extended.
cases-done-beslut = The decision is made and is available to the applicant in My pages.
cases-done-avsluta = The case is closed.
cases-done-overklagande = The appeal is registered.
cases-done-overklagande-hanterat = The appeal has been handled.
cases-done-svar = Your answer has been sent.

cases-problem-empty = Enter some text
cases-problem-too-long = The text can be at most 10,000 characters
cases-problem-date = Enter a date like 2026-12-24
cases-problem-date-future = The date must be after today
cases-problem-date-past = The date cannot be after today
cases-problem-date-order = The to date must be after the from date
cases-problem-choose-officer = Choose a case officer
cases-problem-weeks = Enter a number of weeks from 1 to 10
cases-problem-outcome = Choose what the decision is
cases-problem-delivered-after = The applicant cannot have received the decision after the appeal came in
cases-problem-choose = Choose one of the options
cases-problem-unknown-action = That action does not exist
cases-problem-conflict = Someone else changed the case while you were working. Nothing was saved. Your text is kept below: see what has happened and send again.
cases-problem-communicate-first = A decision against the applicant needs the material to have been sent for comment first, or a note of why that is not needed
cases-problem-reply-time-running = The applicant's time to comment has not run out. Wait, or write why the decision cannot wait

register-title = Public records register
register-lead = Search the documents registered by the authorities in the portal. Anyone may search, and you do not need to sign in.
register-text = Search words
register-text-hint = Every word must appear, whole or as part of a longer word (bygg finds bygglov). Words shorter than three characters are left out.
register-number = Case number
register-number-hint = For example BN 2026/0123
register-organisation = Authority
register-department = Board or office
register-from = Registered from
register-until = Registered until
register-search = Search the register
register-masking = Details covered by secrecy are not shown. Such a document stays in the list, but its sender and description are left out. Personal identity numbers are never shown.
register-empty = No documents match the search.
register-date = Registered
register-direction = Direction
register-direction-in = Received
register-direction-out = Drawn up
register-party = Sender or recipient
register-description = Description
register-confidential = Confidential

cases-queue-remiss = Waiting for a referral answer
cases-action-remiss = Refer to another authority
cases-form-referral-to = Authority to answer
cases-form-remiss-text = The question to the authority
cases-form-without-referral = If a referral has not been answered: why the decision cannot wait for it
cases-done-remiss = The referral has been sent.
cases-done-remissvar = The answer has been sent and is now in the case.
cases-event-referred = The case was referred to another authority
cases-event-referral-answered = A referral answer came in
cases-doc-referral = Referral
cases-doc-referral-answer = Referral answer
cases-problem-referral-open = A referral has not been answered. Wait for the answer, or write why the decision cannot wait
cases-referrals = Referrals
cases-referrals-to-us = Referrals to us
cases-referrals-lead = Here are the cases other authorities have sent you for comment. You see only what was referred.
cases-referrals-empty = There are no referrals to you.
cases-referral = Referral in case
cases-referral-from = From
cases-referral-sent = Sent
cases-referral-question = The question to you
cases-referral-material = What was referred
cases-referral-answer-title = Answer to the referral
cases-referral-answer-text = Your answer
cases-referral-answer-send = Send the answer
cases-referral-answered = answered by { $name } { $at }
cases-referral-open = waiting for an answer, by { $date }
cases-referral-done = Answered
cases-referral-waiting = Waiting for an answer

stats-title = Statistics
stats-lead = Cases per service over a period: how many came in and were decided, how long it took and what share was decided within the handling time, and how many are open and overdue today.
stats-from = From
stats-until = Until
stats-service = Service
stats-department = Department
stats-received = Received
stats-decided = Decided
stats-median = Median, days
stats-within-target = Within the handling time
stats-backlog = Open today
stats-overdue = Overdue today
stats-table-caption = Cases per service over the period
stats-chart-title = Cases received and decided per service
stats-chart-desc = Bar chart: for each service one bar for cases received and one for cases decided in the period. The same figures are in the table below.
stats-csv = Download as CSV (spreadsheet)

cases-notices = Notices to the applicant
cases-notice-registered = the case has been registered
cases-notice-completion-requested = the authority has asked for more information
cases-notice-communicated = you have received material to comment on
cases-notice-message = you have received a message
cases-notice-decided = there is a decision
cases-notice-state-waiting = waiting to be sent
cases-notice-state-done = sent
cases-notice-state-dead = could not be sent
case-notice-subject = News in your case { $case }
case-notice-body =
    Hello,

    In your case { $case }: { $what }.

    Sign in to My pages to read more: { $link }

    This message cannot be answered.

## Filter and bulk assignment on a queue
cases-filter-officer = Case officer
cases-filter-nobody = No case officer
cases-filter-from = Received from
cases-filter-until = Received up to and including
cases-filter-order = Order
cases-order-newest = Newest first
cases-order-oldest = Oldest first
cases-bulk-legend = Assign the selected cases
cases-bulk-officer = To case officer
cases-bulk-choose = Choose a case officer
cases-bulk-submit = Assign selected
cases-bulk-select = Select
cases-bulk-select-column = Select case
cases-bulk-no-case = Select at least one case to assign
cases-bulk-no-officer = Choose the case officer to assign the cases to
cases-bulk-assigned = { $count ->
    [one] One case was assigned.
   *[other] { $count } cases were assigned.
}
cases-bulk-refused = { $count ->
    [one] One case could not be assigned: someone else changed it first, or it is not yours to assign.
   *[other] { $count } cases could not be assigned: someone else changed them first, or they are not yours to assign.
}

## Referral reminders (e-mail to the organisation a case was referred to)
referral-reminder-subject = Reminder: referral { $case } is to be answered by { $date }
referral-reminder-body = Hello,

    { $from } has referred case { $case } to you and would like an answer by { $date }. The referral has not been answered yet.

    Read and answer the referral in the back office: { $link }

    This message was sent automatically.
referral-reminder-overdue-subject = The reply time has passed: referral { $case }
referral-reminder-overdue-body = Hello,

    The reply time for the referral from { $from } in case { $case } ended on { $date }, and the referral has not been answered yet. Please answer as soon as you can, or contact { $from } if you need more time.

    The referral: { $link }

    This message was sent automatically.

## The decision as a document
cases-decision-document = Decision
cases-decision-document-link = The decision as a document to print or save
cases-decision-document-date = Date
cases-decision-document-to = To:
cases-decision-back = Back to the case
cases-decision-print = Print the decision, or save it as a PDF, with your browser's print function.

## The audit log (organisation administrators)
audit-title = Audit log
audit-lead = Every change and every read of the organisation's cases, and its staff's sign-ins and roles. Residents are shown by a number, never by their personal identity number.
audit-when = When
audit-who = Who
audit-what = Event
audit-object = Concerns
audit-outcome = Outcome
audit-outcome-ok = Done
audit-from = From
audit-until = Up to and including
audit-submit = Search
audit-empty = No events match the search.
audit-action-case-register = Case registered
audit-action-case-receive = Case received
audit-action-case-read = Case read
audit-action-case-change = Case changed
audit-action-case-answer = The applicant answered
audit-action-referral-answer = Referral answered
audit-action-staff-sign-in = Sign-in (staff)
audit-action-role-grant = Role granted
audit-action-role-remove = Role removed
audit-action-audit-search = Audit log searched
audit-action-sign-in = Sign-in
audit-action-sign-in-refused = Sign-in refused
audit-action-sign-out = Sign-out
audit-action-data-export = Data downloaded
audit-action-profile-change = Contact details changed
audit-action-email-confirmed = E-mail address confirmed

cases-signature = Signature
cases-signature-signer = Signed by
cases-signature-at = Time
cases-signature-e-id = E-ID
cases-signature-e-id-level = { $e_id }, level of assurance { $level }
cases-signature-check = Check
cases-signature-intact = The text matches the checksum.
cases-signature-broken = The text does not match the checksum. Contact the registry.
cases-signature-text = What was signed
