## Formulär (nivå 2): start, steg, kontrollera, kvitto, utskrift

cta-online-form = Fyll i formuläret här på webbplatsen. Du behöver inte logga in.
cta-form-button = Fyll i formuläret
cta-form-print = Skriv ut blanketten och skicka den med post i stället

form-start = Börja nu
form-continue-draft = Fortsätt där du slutade
form-clear = Rensa formuläret
form-clear-hint = Använder du en dator som andra också använder? Rensa formuläret så tas dina svar bort från den här webbläsaren.
form-draft-kept = Du har redan börjat fylla i formuläret. Dina svar finns kvar så länge du använder samma webbläsare.
form-print-link = Vill du hellre fylla i formuläret på papper? Skriv ut blanketten.
form-back = Tillbaka
form-continue = Fortsätt
form-yes = Ja
form-no = Nej
form-confirmed = Bekräftat
form-remove = Ta bort
form-add-another = Lägg till ytterligare { $item }
form-date-format-print = Skriv datumet som år-månad-dag.
form-date-format = Skriv datumet som år-månad-dag, till exempel { $example }.
form-personal-number-format = Tolv siffror, till exempel 19121212-1212.
form-organisation-number-format = Tio siffror, till exempel 556016-0680.
form-address-street = Gatuadress
form-address-postcode = Postnummer
form-address-city = Ort
form-location-place = Adress eller beskrivning av platsen
form-location-lat = Latitud (valfritt)
form-location-lon = Longitud (valfritt)

form-error-prefix = Fel
form-error-summary = Det finns problem med dina svar
form-error-required = Svara på ”{ $label }”
form-error-choose-one = Välj ett alternativ för ”{ $label }”
form-error-choose-at-least-one = Välj minst ett alternativ för ”{ $label }”
form-error-confirm = Du måste bekräfta ”{ $label }”
form-error-too-short = ”{ $label }” måste ha minst { $limit } tecken
form-error-too-long = ”{ $label }” får ha högst { $limit } tecken
form-error-number = ”{ $label }” måste vara ett tal, till exempel 12
form-error-whole-number = ”{ $label }” måste vara ett heltal
form-error-too-small = ”{ $label }” måste vara { $limit } eller mer
form-error-too-large = ”{ $label }” får vara högst { $limit }
form-error-date = ”{ $label }” måste vara ett riktigt datum, till exempel 2027-03-15
form-error-too-early = ”{ $label }” får inte vara tidigare än { $limit }
form-error-too-late = ”{ $label }” får inte vara senare än { $limit }
form-error-email = Skriv en e-postadress i rätt format för ”{ $label }”, till exempel namn@exempel.se
form-error-phone = Skriv ett telefonnummer för ”{ $label }”, till exempel 070-123 45 67
form-error-personal-number = Skriv ett giltigt personnummer för ”{ $label }”, tolv siffror som 19121212-1212
form-error-organisation-number = Skriv ett giltigt organisationsnummer för ”{ $label }”, tio siffror som 556016-0680
form-error-postcode = Postnumret ska vara fem siffror, till exempel 123 45
form-error-coordinates = Koordinaterna ska vara decimaltal, till exempel 59.33 och 18.06
form-error-unknown-option = Välj ett av alternativen som visas för ”{ $label }”
form-error-too-few-items = Fyll i minst { $limit } för ”{ $label }”
form-error-pattern = ”{ $label }” har fel format

form-check-title = Kontrollera dina svar innan du skickar
form-not-answered = Inte besvarad
form-change = Ändra
form-incomplete = Några frågor är inte besvarade än. Svara på dem innan du skickar.
form-incomplete-link = Gå till frågorna som är kvar
form-send-heading = Skicka in
form-send-text = När du skickar in sparas dina svar och du får ett referensnummer.
form-send = Skicka in
form-confirmation-title = Vi har tagit emot det du skickade
form-your-reference = Ditt referensnummer
form-receipt-sent = Vi skickar en kvittens till { $address }.
form-what-next = Vad händer nu
form-sent-to = Det du skickade har gått till { $organisation }. Ange referensnumret om du kontaktar oss.
form-back-to-service = Tillbaka till tjänsten

form-print-title = utskrift
form-print-online-instead = Fyll i formuläret på webbplatsen i stället
form-print-instructions = Fyll i blanketten och skicka den till:
form-print-only-if = Svara bara om du svarade ”{ $answer }” på ”{ $question }”.
form-print-required = måste fyllas i
form-print-tick = Kryssa i rutan för att bekräfta.

form-your-case-number = Ditt ärende har diarienummer
receipt-case = Ditt ärende har fått diarienummer { $case }. Du kan följa det i diariet, och på Mina sidor om du var inloggad när du skickade.
receipt-subject = Kvittens: { $form }
receipt-body =
    Hej!

    Vi har tagit emot det du skickade via formuläret ”{ $form }” för tjänsten { $service }.

    Ditt referensnummer är { $reference }. Ange det om du kontaktar oss.

    Det här meddelandet går inte att svara på.

## A signed-in person's drafts (My pages)
drafts-title = Påbörjade ansökningar
drafts-link = Fortsätt där du slutade, eller ta bort det du inte vill skicka
drafts-lead = När du är inloggad sparas det du fyller i vid varje steg. Du kan fortsätta senare, även från en annan enhet. Ett utkast tas bort { $days } dagar efter att du senast ändrade det; du får besked en vecka innan.
drafts-empty = Du har inga påbörjade ansökningar.
drafts-updated = Senast ändrad
drafts-left = Kvar att göra
drafts-next-step = { $step } (steg { $done } av { $total } klara)
drafts-ready = Allt är ifyllt: kontrollera och skicka
drafts-kept-until = Sparas till
drafts-expires = { $date }
drafts-continue = Fortsätt
drafts-delete = Ta bort utkastet
drafts-deleted = Utkastet är borttaget.
draft-expiry-subject = En påbörjad ansökan tas snart bort
draft-expiry-body = Hej!

    Du har en påbörjad ansökan i Medborgarportalen som du inte har ändrat på ett tag. Den tas bort den { $date } om du inte fortsätter med den.

    Fortsätt eller ta bort den under Mina sidor: { $link }

    Det här meddelandet kan inte besvaras.

## Bilagor (filfrågor)
form-or = eller
form-file-types = Filtyper: { $types }. Högst { $limit } MB per fil.
form-file-count = { $count ->
    [one] Du kan bifoga en fil.
   *[other] Du kan bifoga högst { $count } filer.
}
form-files-attached = Bifogade filer
form-file-remove = Ta bort
form-file-upload = Ladda upp filen
form-file-none = Inga filer bifogade ännu.
form-file-download = Ladda ned
form-file-uploading = Laddar upp { $files } …
form-file-uploaded = { $count ->
    [one] { $files } är bifogad.
   *[other] { $files } är bifogade.
}
form-file-removed = { $file } är borttagen.
form-error-choose-file = Välj en fil att bifoga för ”{ $label }”
form-error-same-as = Välj något annat för ”{ $label }” än för ”{ $other }”
form-error-too-many-files = { $limit ->
    [one] Du kan bifoga en fil för ”{ $label }”
   *[other] Du kan bifoga högst { $limit } filer för ”{ $label }”
}
form-error-files-too-big = Filerna för ”{ $label }” får vara högst { $limit } MB tillsammans
form-error-file-type = Filen { $file } måste vara { $types }
form-error-file-content = Filen { $file } är inte det som filnamnet säger. Den måste vara { $types }
form-error-file-too-big = Filen { $file } får vara högst { $limit } MB
form-error-file-empty = Filen { $file } är tom
form-error-file-refused = Filen { $file } togs inte emot eftersom viruskontrollen stoppade den
form-error-file-not-checked = Filen { $file } kunde inte kontrolleras just nu. Försök igen om en stund
form-upload-too-large = Filerna du skickade var för stora tillsammans. Skicka färre eller mindre filer åt gången.
form-print-attach = Handlingen ligger med i kuvertet.
form-fetched-registry = Uppgifterna om dig nedan är hämtade från folkbokföringen (Skatteverket). Kontrollera dem och ändra det som inte stämmer.
form-fetched-no-address = Ditt namn är hämtat från folkbokföringen (Skatteverket). Din adress hämtas inte eftersom du har skyddade personuppgifter. Fyll bara i en adress om du vill att vi skickar post dit.
form-fetched-unavailable = Vi kunde inte hämta dina uppgifter från folkbokföringen just nu. Fyll i dem själv.
form-window-closed-title = Ansökan är stängd just nu
form-window-closed-body = Du kan ansöka från och med { $date }. Det du redan har fyllt i finns kvar tills vidare.
form-window-last-day = Sista dag att ansöka är { $date }.
form-fetched-company = Företagets namn och organisationsnummer nedan är hämtade från Bolagsverket, för det företag du företräder, och kan inte ändras här. Vill du ansöka för ett annat företag byter du vem du företräder.

form-sign-in-first-title = Logga in för att ansöka
form-sign-in-first-body = Ansökan skrivs under med e-legitimation när du skickar in den. Därför behöver du logga in innan du börjar. Efter inloggningen kommer du tillbaka hit.
form-sign-in-first-link = Logga in

form-sign-heading = Skriv under och skicka in
form-sign-text = Du skriver under ansökan med din e-legitimation, på samma sätt som när du loggade in. Det du skriver under, med en kontrollsumma, sparas i ärendet. Ansökan skickas in när du har skrivit under.
form-sign-and-send = Skriv under och skicka in
form-signing-not-done = Ansökan är inte inskickad
form-signing-avbruten = Du avbröt underskriften. Dina svar finns kvar, och du kan skriva under när du är redo.
form-signing-misslyckad = Underskriften gick inte igenom. Dina svar finns kvar. Försök igen om en stund.
form-signing-annan-person = Du skrev under som en annan person än den som är inloggad. Skriv under med din egen e-legitimation.
form-signing-niva = Din e-legitimation har inte den tillitsnivå som tjänsten kräver. Skriv under med till exempel BankID eller Freja+.
form-signing-andrad = Svaren ändrades efter att du skrev under, så underskriften gäller inte längre. Kontrollera svaren och skriv under igen.
form-signing-utgangen = Det tog för lång tid att skriva under, så underskriften avbröts. Dina svar finns kvar. Skriv under igen när du är redo.

signed-text-form = E-tjänst
signed-text-sender = Skickas av
signed-text-for = För
signed-text-key = Inskickningens nyckel
