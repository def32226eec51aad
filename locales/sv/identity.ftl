# Inloggning med e-legitimation, Mina sidor och demots testpersoner.
identity-sign-in = Logga in
identity-sign-out = Logga ut
identity-sign-in-title = Logga in
identity-sign-in-lead = Välj vilken e-legitimation du vill logga in med. Du kommer till din e-legitimation och sedan tillbaka hit.
identity-sign-in-with = Logga in med { $provider }
identity-sign-in-privacy = Vi sparar ditt namn och personnummer när du loggar in, och när du loggade in. Läs mer om hur vi hanterar personuppgifter:
identity-no-providers = Ingen e-legitimation är inställd för den här portalen ännu. Kontakta kommunen.
identity-your-eid = din e-legitimation
identity-try-another = Logga in på ett annat sätt
identity-problem-utgangen = Inloggningen kunde inte slutföras
identity-problem-utgangen-body = Inloggningen hade tagit för lång tid, eller så kom svaret inte från en inloggning som du började här. Ingenting har sparats. Börja om och logga in igen.
identity-problem-avbruten = Du avbröt inloggningen
identity-problem-avbruten-body = Du är inte inloggad. Du kan logga in igen när du vill.
identity-problem-misslyckad = Inloggningen kunde inte kontrolleras
identity-problem-misslyckad-body = Svaret från { $provider } gick inte att kontrollera, så du har inte loggats in. Försök igen. Om det inte fungerar kan du välja en annan e-legitimation.
identity-problem-personnummer = Vi fick inget giltigt personnummer
identity-problem-personnummer-body = { $provider } lämnade inget giltigt svenskt personnummer eller samordningsnummer, och det behövs för att du ska kunna se dina egna uppgifter. Välj en annan e-legitimation.
identity-problem-tillitsniva = Din e-legitimation räcker inte här
identity-problem-tillitsniva-body = E-tjänsterna kräver en e-legitimation med tillitsnivå { $level } (till exempel BankID eller Freja+). Inloggningen med { $provider } nådde inte den nivån. Välj en annan e-legitimation.
identity-problem-otillganglig = { $provider } svarar inte just nu
identity-problem-otillganglig-body = Vi når inte { $provider } för tillfället. Försök igen om en stund, eller välj en annan e-legitimation.
identity-signed-out = Du är utloggad
identity-signed-out-body = Stäng webbläsaren om du använder en dator som andra också använder.
identity-sign-in-again = Logga in igen
identity-my-pages = Mina sidor
identity-number = Personnummer
identity-signed-in-with = Inloggad med
identity-signed-in-at = Inloggad sedan
identity-level = tillitsnivå { $level }
identity-my-data = Mina uppgifter
identity-my-data-intro = Här ser du allt som portalen har sparat om dig. Du kan också ladda ned det som en fil (JSON).
identity-my-data-read = Se allt vi har sparat om dig
identity-my-data-download = Ladda ned mina uppgifter (JSON)
identity-my-data-person = Om dig
identity-given-name = Förnamn
identity-family-name = Efternamn
identity-first-signed-in = Första inloggningen
identity-history = Dina inloggningar
identity-history-when = När
identity-history-eid = E-legitimation
identity-history-level = Tillitsnivå
identity-events = Händelser
identity-event-action = Vad
identity-event-sign-in = Inloggning
identity-event-sign-out = Utloggning
identity-event-data-export = Nedladdning av mina uppgifter
identity-demo-provider = Testperson (demo)
identity-demo-intro = I demot kan du logga in som en påhittad testperson utan e-legitimation.
identity-demo-link = Logga in som testperson
identity-demo-title = Testinloggning
identity-demo-warning = Endast för demo: testpersonerna har Skatteverkets testpersonnummer, som aldrig tillhör någon verklig person. Inloggningen finns inte i en riktig portal.
identity-demo-choose = Välj testperson
identity-demo-submit = Logga in som testperson
identity-problem-tvafaktor = Inloggningen saknar tvåfaktorsautentisering
identity-problem-tvafaktor-body = Handläggare måste logga in med två faktorer (till exempel lösenord och en kod i mobilen). { $provider } rapporterade inte det, så du har inte loggats in. Logga in igen och använd din andra faktor.
identity-staff-sign-in-again = Logga in som handläggare igen
identity-staff-sign-in-title = Logga in som handläggare
identity-staff-sign-in-lead = Handläggare loggar in med sin organisations egen inloggning, med två faktorer.
identity-staff-home = Handläggarstöd
identity-staff-organisation = Organisation
identity-staff-roles = Roller
identity-staff-no-roles = Inga roller ännu. En administratör i din organisation ger dig roller.
identity-staff-roles-manage = Personal och roller
identity-staff-roles-lead = Personal i { $organisation } som har loggat in. Ändringar gäller direkt och loggas.
identity-staff-name = Namn
identity-staff-grant = Ge roll
identity-staff-grant-to = Roll för { $name }
identity-staff-remove = Ta bort
identity-demo-choose-staff = Eller välj en testhandläggare
identity-event-staff-sign-in = Inloggning som handläggare
identity-event-role-grant = Roll given
identity-event-role-remove = Roll borttagen
role-registrar = Registrator
role-case-officer = Handläggare
role-manager = Chef
role-organisation-admin = Administratör
identity-ends-at = Du loggas ut kl. { $time } om du inte gör något.
identity-stay-signed-in = Förbli inloggad
profile-title = Kontaktuppgifter
profile-link = Ändra dina kontaktuppgifter och aviseringar
profile-lead = Hur vi når dig om dina ärenden. Ingen uppgift är obligatorisk.
profile-email = E-postadress
profile-email-confirmed = Bekräftad.
profile-email-unconfirmed = Inte bekräftad än. Vi har skickat en länk till adressen; öppna den för att bekräfta.
profile-phone = Mobilnummer
profile-phone-hint = Till exempel 070-123 45 67 eller +46 70 123 45 67.
profile-notify = Avisera mig när något händer i mina ärenden
profile-notify-email = Med e-post
profile-notify-sms = Med sms
profile-save = Spara
profile-saved = Dina kontaktuppgifter är sparade.
profile-error-email = Skriv e-postadressen som namn@exempel.se
profile-error-phone = Skriv mobilnumret med 7 till 15 siffror, till exempel 070-123 45 67
profile-error-notify-email = Skriv en e-postadress för att få aviseringar med e-post
profile-error-notify-sms = Skriv ett mobilnummer för att få aviseringar med sms
confirm-email-title = Bekräfta din e-postadress
confirm-email-lead = Tryck på knappen för att bekräfta att e-postadressen är din.
confirm-email-button = Bekräfta e-postadressen
confirm-email-done = E-postadressen är bekräftad
confirm-email-done-body = Tack. Vi använder adressen när vi behöver nå dig.
confirm-email-invalid = Länken fungerar inte
confirm-email-invalid-body = Länken är redan använd, för gammal (den gäller i 48 timmar) eller gäller en adress du har bytt. Spara e-postadressen igen under Kontaktuppgifter så skickar vi en ny länk.
confirm-email-subject = Bekräfta din e-postadress
confirm-email-body = Hej!
    
    Öppna länken för att bekräfta att det är din e-postadress som ska användas i Medborgarportalen:
    
    { $link }
    
    Länken gäller i 48 timmar. Om det inte var du som angav adressen kan du bortse från meddelandet.
identity-event-profile-change = Kontaktuppgifter ändrade
identity-event-email-confirmed = E-postadress bekräftad
identity-staff-grant-where = Var
identity-staff-whole-organisation = Hela organisationen
identity-my-data-cases = Dina ärenden
identity-my-data-cases-count = { $count ->
    [0] Du har inga ärenden hos de myndigheter som använder portalen.
    [one] Du har ett ärende. Det finns i filen och under
   *[other] Du har { $count } ärenden. De finns i filen och under
}
identity-my-data-drafts = Påbörjade ansökningar
identity-my-data-drafts-count = { $count ->
    [0] Du har inga påbörjade ansökningar sparade.
    [one] En påbörjad ansökan är sparad, med det du har fyllt i. Den finns i filen och under
   *[other] { $count } påbörjade ansökningar är sparade, med det du har fyllt i. De finns i filen och under
}

## Acting for someone (a child in one's custody, a company one signs for)
represent-title = Vem företräder du?
represent-link = Välj om du gör ärenden för dig själv, ditt barn eller ditt företag
represent-intro = Uppgifterna om dina barn och de företag du tecknar hämtas från folkbokföringen och Bolagsverket, så att du inte behöver skriva in dem.
represent-legend = Jag gör ärenden för
represent-myself = Mig själv ({ $name })
represent-children = Barn som du är vårdnadshavare för
represent-companies = Företag som du tecknar
represent-not-active = företaget är inte aktivt och kan inte väljas
represent-nobody = Enligt registren är du inte vårdnadshavare för något barn och tecknar inget företag.
represent-submit = Fortsätt
represent-refused = Välj dig själv, ett av dina barn eller ett företag som du tecknar
represent-registry-problem = Registren gick inte att nå just nu, så listan kan vara ofullständig. Du kan fortsätta för dig själv eller försöka igen om en stund.
represent-header = Företräder: { $name }
represent-change = Byt

identity-demo-signing-title = Testunderskrift
identity-demo-signing-warning = Endast för demo: här skriver du under utan e-legitimation. I en riktig portal skriver du under med samma e-legitimation som du loggade in med.
identity-demo-signing-signer = Du skriver under som
identity-demo-signing-what = Det du skriver under
identity-demo-signing-text = Genom att skriva under intygar du att uppgifterna är riktiga. Kontrollsumman visar exakt vad du skriver under och sparas i ärendet.
identity-demo-signing-sign = Skriv under
identity-demo-signing-cancel = Avbryt
signature-sha256 = Kontrollsumma (SHA-256)
