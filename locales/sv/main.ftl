# Ramen runt varje sida
portal-name = Medborgarportalen
language-name = Svenska
skip-to-content = Hoppa till huvudinnehållet
nav-label = Huvudmeny
nav-life-events = Livshändelser
nav-organisations = Organisationer
nav-search = Sök
demo-tag = Demo
demo-banner = Det här är en demonstration med påhittade kommuner. Inga uppgifter skickas till någon myndighet.
footer-heading = Om webbplatsen
footer-accessibility = Tillgänglighet
footer-contact = Kontakt
footer-register = Diariet
footer-privacy = Personuppgifter och kakor
footer-licence = Medborgarportalen är öppen källkod (EUPL 1.2).
breadcrumbs-label = Du är här
breadcrumbs-home = Startsida
loading = Hämtar innehåll…

# Fel
error-not-found = Sidan kunde inte hittas
error-not-found-body = Kontrollera att adressen är rätt stavad. Sidan kan också ha flyttats eller tagits bort.
error-bad-request = Förfrågan kunde inte behandlas
error-bad-request-body = Något i förfrågan var felaktigt. Gå tillbaka och försök igen.
error-unavailable = Tjänsten är tillfälligt otillgänglig
error-unavailable-body = Vi har ett tillfälligt tekniskt problem. Försök igen om en stund. Inget av det du redan har skickat in har gått förlorat.
error-forbidden = Det här kan du inte göra
error-forbidden-body = Sidan eller åtgärden är inte öppen för dig. Om du skickade ett formulär: av säkerhetsskäl tar vi bara emot formulär som skickas från portalens egna sidor. Gå tillbaka till formuläret och skicka det därifrån.
error-unauthenticated = Du behöver logga in
error-unauthenticated-body = Sidan visar dina egna uppgifter. Logga in med e-legitimation för att se den.
error-conflict = Ärendet har ändrats
error-conflict-body = Någon annan ändrade ärendet medan du arbetade med det, eller så går det inte att göra detta i ärendets nuvarande läge. Inget har ändrats. Ladda om sidan, se vad som har hänt och försök igen.
error-too-large = För mycket text
error-too-large-body = Det du skickade var större än vi kan ta emot. Korta texten och försök igen.
error-too-many-requests = För många försök på kort tid
error-too-many-requests-body = Vi har tagit emot många försök från samma håll på kort tid. Vänta en stund och försök sedan igen. Inget du redan har skickat in har gått förlorat.
error-internal = Något gick fel
error-internal-body = Ett oväntat fel inträffade. Försök igen om en stund. Om felet finns kvar kan du kontakta oss.
error-go-home = Gå till startsidan

# Startsidan
home-title = E-tjänster och information från kommunerna
home-lead = Här hittar du tjänster från Norrvik kommun, Sjövik kommun, räddningstjänsten och länsstyrelsen – sök eller utgå från det som händer i ditt liv.
home-life-events = Livshändelser
home-organisations = Organisationer

# Sök
search-label = Sök bland tjänsterna
search-hint = Till exempel bygglov, förskola eller sophämtning.
search-button = Sök
search-title = Sök
search-title-query = Sökresultat för ”{ $query }”
search-empty = Skriv ett eller flera ord i sökrutan, till exempel ”bygglov” eller ”förskola”.
search-browse-life-events = Bläddra bland livshändelser
search-no-results = Ingen tjänst matchade ”{ $query }”.
search-no-results-help = Det här kan hjälpa:
search-tip-spelling = kontrollera stavningen
search-tip-fewer-words = använd färre eller mer allmänna ord
search-result-count = { $count ->
    [one] 1 tjänst hittades
   *[other] { $count } tjänster hittades
}

# Livshändelser och organisationer
life-events-title = Livshändelser
life-events-lead = Tjänsterna samlade efter vad som händer i ditt liv.
services-count = { $count ->
    [one] 1 tjänst
   *[other] { $count } tjänster
}
organisations-title = Organisationer
organisations-lead = Kommunerna och myndigheterna som använder portalen.
organisation-departments = Förvaltningar och nämnder
kind-municipality = Kommun
kind-joint_authority = Kommunalförbund
kind-county_board = Länsstyrelse
kind-government_agency = Statlig myndighet
contact-heading = Kontakt
contact-email = E-post
contact-phone = Telefon
contact-opening-hours = Öppettider
contact-address = Adress
contact-website = Webbplats

# Tjänstesidan
level-information = Information
level-form = Blankett utan inloggning
level-e_service = E-tjänst med e-legitimation
level-cross_agency = E-tjänst med flera myndigheter
cta-heading = Så använder du tjänsten
cta-information = Den här tjänsten har ingen ansökan. Läs informationen på sidan eller kontakta oss om du har frågor.
cta-form = Formuläret för tjänsten kommer snart att kunna fyllas i här utan inloggning. Till dess kan du kontakta oss så hjälper vi dig.
cta-e_service = E-tjänsten med e-legitimation öppnar snart här. Till dess kan du kontakta oss så hjälper vi dig att ansöka.
cta-cross_agency = E-tjänsten öppnar snart här. Du kommer bara att behöva kontakta oss – vi skickar ärendet vidare till de andra myndigheterna. Till dess kan du kontakta oss.
cta-contact = Kontakt:
service-about = Om tjänsten
service-audience = Vem kan använda tjänsten
service-how = Så ansöker du
service-requirements = Det här behöver du
service-fees = Avgift
service-handling-time = Handläggningstid
service-legal-basis = Lagstöd
service-authorities = Andra myndigheter som är inblandade
service-responsible = Ansvarig
service-life-events = Livshändelser
service-related = Relaterade tjänster
