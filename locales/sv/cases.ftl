## Ärenden: handläggarnas arbetsyta, Mina ärenden och diariet.

cases-status-received = Inkommet
cases-status-registered = Registrerat
cases-status-assigned = Tilldelat
cases-status-in-progress = Under handläggning
cases-status-completion-requested = Väntar på komplettering
cases-status-communicated = Kommunicerat
cases-status-decided = Beslutat
cases-status-closed = Avslutat
cases-status-appealed = Överklagat
cases-overdue = Försenat
cases-paused = Klockan står still

cases-back-office = Ärenden
cases-queues = Arbetsköer
cases-queue-nya = Att registrera
cases-queue-otilldelade = Ej tilldelade
cases-queue-mina = Mina ärenden
cases-queue-forsenade = Försenade
cases-queue-vantar = Väntar på sökande
cases-queue-alla = Alla ärenden
cases-filter-service = Tjänst
cases-filter-status = Status
cases-filter-all = Alla
cases-filter-apply = Visa
cases-queue-empty = Det finns inga ärenden i den här kön.
cases-next-page = Nästa sida
cases-older-cases = Äldre ärenden

cases-not-registered = Ej registrerat
cases-confidential = Sekretess
cases-number = Diarienummer
cases-title = Ärende
cases-status = Status
cases-received = Inkom
cases-due = Beräknat beslut
cases-due-paused = Tiden räknas inte medan vi väntar på dig eller på sökanden.
cases-officer = Handläggare
cases-no-officer = Ingen handläggare ännu
cases-department = Handläggs av
cases-party = Sökande
cases-party-unknown = Ej angiven
cases-internal = Intern

cases-my-cases = Mina ärenden
cases-my-cases-lead = Här ser du dina ärenden, vad som har hänt i dem och när du kan vänta dig ett beslut.
cases-my-cases-empty = Du har inga ärenden ännu. När du skickar in en ansökan medan du är inloggad syns den här.
cases-may-ask-for-decision = Det har gått mer än sex månader sedan ärendet inleddes. Du har rätt att skriftligen begära att myndigheten avgör ärendet (förvaltningslagen 12 §). Myndigheten ska då inom fyra veckor antingen avgöra ärendet eller avslå din begäran i ett särskilt beslut.
cases-readers = Vilka har läst ärendet
cases-readers-lead = Varje gång någon hos myndigheten öppnar ditt ärende sparas det. Här ser du de senaste.

cases-documents = Handlingar
cases-timeline = Händelser
cases-reply-by = Svara senast { $date }.

cases-doc-submission = Ansökan
cases-doc-attachment = Bilaga
cases-doc-completion-request = Begäran om komplettering
cases-doc-communication = Kommunicering inför beslut
cases-doc-note = Tjänsteanteckning
cases-doc-message-out = Meddelande till sökande
cases-doc-message-in = Meddelande från sökande
cases-doc-extension = Beslut om förlängd handläggningstid
cases-doc-decision = Beslut
cases-doc-appeal = Överklagande
cases-doc-appeal-decision = Beslut om överklagandet

cases-event-received = Ärendet kom in
cases-event-registered = Ärendet registrerades
cases-event-assigned = Ärendet fick en handläggare
cases-event-started = Handläggningen började
cases-event-completion-requested = Komplettering begärdes
cases-event-completion-answered = Sökanden kompletterade
cases-event-communicated = Underlaget kommunicerades
cases-event-commented = Sökanden lämnade synpunkter
cases-event-resumed = Handläggningen fortsatte
cases-event-note = Tjänsteanteckning
cases-event-message-out = Meddelande skickades till sökanden
cases-event-message-in = Sökanden skickade ett meddelande
cases-event-extended = Handläggningstiden förlängdes
cases-event-decided = Beslut fattades
cases-event-closed = Ärendet avslutades
cases-event-appealed = Ett överklagande kom in
cases-event-appeal-forwarded = Överklagandet lämnades över till den som prövar det
cases-event-appeal-dismissed = Överklagandet avvisades för att det kom in för sent

cases-outcome-approved = Beviljas
cases-outcome-approved-with-conditions = Beviljas med villkor
cases-outcome-rejected = Avslås
cases-outcome-dismissed = Avvisas
cases-decision-reasons = Skäl för beslutet
cases-decision-legal-basis = Bestämmelser som beslutet grundar sig på
cases-decision-by = Beslutet är fattat av { $name } den { $date }.
cases-fee-reduction = Beslutet fattades { $weeks } påbörjade veckor efter tidsfristen. Avgiften för handläggningen minskas därför med { $fifths } femtedelar (plan- och bygglagen 12 kap. 8 a §).
cases-appeal-how = Hur du överklagar
cases-appeal-body-standard = förvaltningsrätten
cases-appeal-body-planning-act = länsstyrelsen
cases-appeal-instructions = Om du vill överklaga beslutet ska du skriva till { $body }. Skicka överklagandet till { $department }, inte direkt till { $body }. Överklagandet måste ha kommit in inom tre veckor från den dag du fick del av beslutet. Om sista dagen är en lördag, söndag eller helgdag räcker det att överklagandet kommer in nästa vardag.
cases-appeal-contents = Skriv vilket beslut du överklagar (datum och diarienummer), hur du vill att beslutet ska ändras och varför. Skriv ditt namn, personnummer, adress och telefonnummer och skriv under. Om ett ombud överklagar för dig ska en fullmakt bifogas.
cases-appeal-delivered = Sökanden fick del av beslutet
cases-appeal-received = Överklagandet kom in
cases-appeal-deadline = Sista dag för överklagande
cases-appeal-in-time = Överklagandet kom in i rätt tid. Det ska lämnas över till den som prövar det.
cases-appeal-late = Överklagandet kom in för sent. Det ska avvisas, om inte förseningen beror på en felaktig överklagandehänvisning eller överklagandet kom in i tid till den som prövar det.

cases-answer-title = Svara på begäran
cases-answer-lead = Myndigheten väntar på ditt svar. Skriv det som efterfrågas i handlingen ovan.
cases-answer-text = Ditt svar
cases-answer-send = Skicka svaret
cases-message-title = Skicka ett meddelande om ärendet
cases-message-send = Skicka meddelandet

cases-actions = Åtgärder
cases-date-hint = Till exempel 2026-12-24
cases-assign-to = Handläggare
cases-choose = Välj
cases-action-registrera = Registrera ärendet
cases-action-ta = Ta ärendet
cases-action-tilldela = Tilldela en handläggare
cases-action-paborja = Påbörja handläggningen
cases-action-komplettering = Begär komplettering
cases-action-kommunicera = Kommunicera inför beslut
cases-action-ateruppta = Fortsätt handläggningen utan svar
cases-action-anteckning = Skriv en tjänsteanteckning
cases-action-meddelande = Skicka ett meddelande till sökanden
cases-action-forlang = Förläng handläggningstiden
cases-action-beslut = Fatta beslut
cases-action-avsluta = Avsluta ärendet
cases-action-overklagande = Registrera ett överklagande
cases-action-overklagande-hanterat = Hantera överklagandet
cases-form-komplettering-text = Vad saknas i ansökan
cases-form-kommunicera-text = Det underlag sökanden ska få yttra sig över
cases-form-reply-by = Svara senast
cases-form-anteckning-text = Anteckning (visas inte för sökanden)
cases-form-meddelande-text = Meddelande
cases-form-weeks = Antal veckor (högst 10)
cases-form-extension-reason = Skäl för förlängningen
cases-form-outcome = Beslut
cases-form-reasons = Skäl: vilka omständigheter som har varit avgörande
cases-form-legal-basis = Bestämmelser som har tillämpats
cases-form-without-communication = Om sökanden inte har fått yttra sig över underlaget: varför det inte behövs
cases-form-appeal-received = Dag då överklagandet kom in
cases-form-appeal-delivered = Dag då sökanden fick del av beslutet
cases-form-appeal-action = Vad ska göras med överklagandet
cases-form-appeal-forward = Lämna över det till den som prövar överklagandet
cases-form-appeal-dismiss = Avvisa det för att det kom in för sent

cases-done-registrera = Ärendet är registrerat.
cases-done-ta = Du är handläggare för ärendet.
cases-done-tilldela = Ärendet har fått en handläggare.
cases-done-paborja = Handläggningen har börjat.
cases-done-komplettering = Begäran om komplettering är skickad till sökanden.
cases-done-kommunicera = Underlaget är skickat till sökanden.
cases-done-ateruppta = Handläggningen fortsätter.
cases-done-anteckning = Anteckningen är sparad.
cases-done-meddelande = Meddelandet är skickat.
cases-done-forlang = Handläggningstiden är förlängd.
cases-done-beslut = Beslutet är fattat och finns för sökanden på Mina sidor.
cases-done-avsluta = Ärendet är avslutat.
cases-done-overklagande = Överklagandet är registrerat.
cases-done-overklagande-hanterat = Överklagandet är hanterat.
cases-done-svar = Ditt svar är skickat.

cases-problem-empty = Skriv en text
cases-problem-too-long = Texten får vara högst 10 000 tecken
cases-problem-date = Skriv ett datum som 2026-12-24
cases-problem-date-future = Datumet måste vara efter i dag
cases-problem-date-past = Datumet kan inte vara efter i dag
cases-problem-date-order = Till-datumet måste vara efter från-datumet
cases-problem-choose-officer = Välj en handläggare
cases-problem-weeks = Skriv ett antal veckor mellan 1 och 10
cases-problem-outcome = Välj vad beslutet blir
cases-problem-delivered-after = Sökanden kan inte ha fått del av beslutet efter att överklagandet kom in
cases-problem-choose = Välj ett av alternativen
cases-problem-unknown-action = Den åtgärden finns inte
cases-problem-conflict = Någon annan ändrade ärendet medan du arbetade. Inget har sparats. Din text finns kvar nedan: se vad som har hänt och skicka igen.
cases-problem-communicate-first = Ett beslut som går sökanden emot kräver att underlaget först har kommunicerats, eller att du skriver varför det inte behövs
cases-problem-reply-time-running = Sökandens tid att yttra sig har inte gått ut. Vänta, eller skriv varför beslutet inte kan vänta

register-title = Diariet
register-lead = Sök bland de handlingar som har registrerats hos myndigheterna i portalen. Alla får söka, och du behöver inte logga in.
register-text = Sökord
register-text-hint = Alla ord ska finnas med, hela eller som del av ett längre ord (bygg hittar bygglov). Ord kortare än tre tecken tas inte med.
register-number = Diarienummer
register-number-hint = Till exempel BN 2026/0123
register-organisation = Myndighet
register-department = Nämnd eller förvaltning
register-from = Registrerad från och med
register-until = Registrerad till och med
register-search = Sök i diariet
register-masking = Uppgifter som omfattas av sekretess visas inte. En sådan handling finns kvar i listan, men avsändare och beskrivning är borttagna. Personnummer visas aldrig.
register-empty = Inga handlingar matchar sökningen.
register-date = Registrerad
register-direction = Riktning
register-direction-in = Inkommen
register-direction-out = Upprättad
register-party = Avsändare eller mottagare
register-description = Beskrivning
register-confidential = Sekretess

cases-queue-remiss = Väntar på remissvar
cases-action-remiss = Skicka på remiss
cases-form-referral-to = Myndighet som ska svara
cases-form-remiss-text = Frågan till myndigheten
cases-form-without-referral = Om ett remissvar inte har kommit in: varför beslutet inte kan vänta på det
cases-done-remiss = Remissen är skickad.
cases-done-remissvar = Remissvaret är skickat och finns nu i ärendet.
cases-event-referred = Ärendet skickades på remiss
cases-event-referral-answered = Ett remissvar kom in
cases-doc-referral = Remiss
cases-doc-referral-answer = Remissvar
cases-problem-referral-open = En remiss är obesvarad. Vänta på svaret, eller skriv varför beslutet inte kan vänta
cases-referrals = Remisser
cases-referrals-to-us = Remisser till oss
cases-referrals-lead = Här är de ärenden andra myndigheter har skickat till er för yttrande. Ni ser bara det som har skickats på remiss.
cases-referrals-empty = Det finns inga remisser till er.
cases-referral = Remiss i ärende
cases-referral-from = Från
cases-referral-sent = Skickad
cases-referral-question = Frågan till er
cases-referral-material = Det som har skickats på remiss
cases-referral-answer-title = Remissvar
cases-referral-answer-text = Ert svar
cases-referral-answer-send = Skicka remissvaret
cases-referral-answered = besvarad av { $name } { $at }
cases-referral-open = väntar på svar, senast { $date }
cases-referral-done = Besvarad
cases-referral-waiting = Väntar på svar

stats-title = Statistik
stats-lead = Ärenden per tjänst under en period: hur många som kom in och avgjordes, hur lång tid det tog och hur stor andel som avgjordes inom handläggningstiden, och hur många som är öppna och försenade i dag.
stats-from = Från och med
stats-until = Till och med
stats-service = Tjänst
stats-department = Avdelning
stats-received = Inkomna
stats-decided = Avgjorda
stats-median = Median, dagar
stats-within-target = Inom handläggningstiden
stats-backlog = Öppna i dag
stats-overdue = Försenade i dag
stats-table-caption = Ärenden per tjänst under perioden
stats-chart-title = Inkomna och avgjorda ärenden per tjänst
stats-chart-desc = Stapeldiagram: för varje tjänst en stapel för inkomna och en för avgjorda ärenden under perioden. Samma siffror finns i tabellen nedan.
stats-csv = Ladda ner som CSV (kalkylark)

cases-notices = Aviseringar till sökanden
cases-notice-registered = ärendet har registrerats
cases-notice-completion-requested = myndigheten har begärt komplettering
cases-notice-communicated = du har fått underlag att yttra dig över
cases-notice-message = du har fått ett meddelande
cases-notice-decided = det finns ett beslut
cases-notice-state-waiting = väntar på att skickas
cases-notice-state-done = skickad
cases-notice-state-dead = kunde inte skickas
case-notice-subject = Nytt i ditt ärende { $case }
case-notice-body =
    Hej!

    I ditt ärende { $case }: { $what }.

    Logga in på Mina sidor för att läsa mer: { $link }

    Det här meddelandet går inte att svara på.

## Filter and bulk assignment on a queue
cases-filter-officer = Handläggare
cases-filter-nobody = Ingen handläggare
cases-filter-from = Inkom från
cases-filter-until = Inkom till och med
cases-filter-order = Ordning
cases-order-newest = Nyaste först
cases-order-oldest = Äldsta först
cases-bulk-legend = Tilldela valda ärenden
cases-bulk-officer = Till handläggare
cases-bulk-choose = Välj handläggare
cases-bulk-submit = Tilldela valda
cases-bulk-select = Välj
cases-bulk-select-column = Välj ärende
cases-bulk-no-case = Välj minst ett ärende att tilldela
cases-bulk-no-officer = Välj vilken handläggare ärendena ska tilldelas
cases-bulk-assigned = { $count ->
    [one] Ett ärende tilldelades.
   *[other] { $count } ärenden tilldelades.
}
cases-bulk-refused = { $count ->
    [one] Ett ärende kunde inte tilldelas: någon annan hann ändra det, eller så får du inte tilldela det.
   *[other] { $count } ärenden kunde inte tilldelas: någon annan hann ändra dem, eller så får du inte tilldela dem.
}

## Referral reminders (e-mail to the organisation a case was referred to)
referral-reminder-subject = Påminnelse: remiss { $case } ska besvaras senast { $date }
referral-reminder-body = Hej!

    { $from } har skickat en remiss i ärende { $case } och vill ha svar senast { $date }. Remissen är ännu inte besvarad.

    Läs och besvara remissen i handläggarnas vy: { $link }

    Det här meddelandet skickades automatiskt.
referral-reminder-overdue-subject = Svarstiden har gått ut: remiss { $case }
referral-reminder-overdue-body = Hej!

    Svarstiden för remissen från { $from } i ärende { $case } gick ut { $date }, och remissen är ännu inte besvarad. Svara så snart som möjligt, eller hör av er till { $from } om ni behöver mer tid.

    Remissen: { $link }

    Det här meddelandet skickades automatiskt.

## The decision as a document
cases-decision-document = Beslut
cases-decision-document-link = Beslutet som dokument att skriva ut eller spara
cases-decision-document-date = Datum
cases-decision-document-to = Till:
cases-decision-back = Tillbaka till ärendet
cases-decision-print = Skriv ut beslutet eller spara det som PDF med webbläsarens utskriftsfunktion.

## The audit log (organisation administrators)
audit-title = Granskningslogg
audit-lead = Varje ändring och varje läsning av organisationens ärenden, och personalens inloggningar och behörigheter. Invånare visas med ett nummer, aldrig med personnummer.
audit-when = Tidpunkt
audit-who = Vem
audit-what = Händelse
audit-object = Gäller
audit-outcome = Utfall
audit-outcome-ok = Genomförd
audit-from = Från och med
audit-until = Till och med
audit-submit = Sök
audit-empty = Inga händelser matchar sökningen.
audit-action-case-register = Ärende registrerat
audit-action-case-receive = Ärende inkommet
audit-action-case-read = Ärende läst
audit-action-case-change = Ärende ändrat
audit-action-case-answer = Sökanden svarade
audit-action-referral-answer = Remiss besvarad
audit-action-staff-sign-in = Inloggning (personal)
audit-action-role-grant = Behörighet tilldelad
audit-action-role-remove = Behörighet borttagen
audit-action-audit-search = Sökning i granskningsloggen
audit-action-sign-in = Inloggning
audit-action-sign-in-refused = Inloggning nekad
audit-action-sign-out = Utloggning
audit-action-data-export = Uppgifter hämtade
audit-action-profile-change = Kontaktuppgifter ändrade
audit-action-email-confirmed = E-postadress bekräftad

cases-signature = Underskrift
cases-signature-signer = Underskriven av
cases-signature-at = Tidpunkt
cases-signature-e-id = E-legitimation
cases-signature-e-id-level = { $e_id }, tillitsnivå { $level }
cases-signature-check = Kontroll
cases-signature-intact = Texten stämmer med kontrollsumman.
cases-signature-broken = Texten stämmer inte med kontrollsumman. Kontakta registraturen.
cases-signature-text = Det som skrevs under
