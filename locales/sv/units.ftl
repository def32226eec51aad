# Förskolor och skolor att välja mellan (enheter): listan med filter, jämförelsen och sidan för varje enhet.

units-title = Förskolor och skolor
units-lead = Här finns förskolorna och skolorna i kommunen, både kommunala och fristående. Filtrera listan och välj två till fyra att jämföra sida vid sida.
units-filter-heading = Filtrera listan
units-filter-kind = Typ av enhet
units-filter-provider = Huvudman
units-filter-year = Årskurs
units-filter-year-hint = Gäller bara skolor
units-filter-organisation = Kommun
units-filter-name = Namn
units-filter-name-hint = Hela namnet eller en del av det
units-filter-all = Alla
units-filter-submit = Visa enheter
units-year-f = Förskoleklass
units-year = Årskurs { $year }
units-kind-forskola = Förskola
units-kind-skola = Skola
units-provider-kommunal = Kommunal
units-provider-fristaende = Fristående
units-count = { $count ->
    [one] 1 enhet
   *[other] { $count } enheter
}
units-none = Inga enheter passar filtret. Ändra filtret eller visa alla enheter.
units-show-all = Visa alla förskolor och skolor
units-choose-legend = Välj enheter att jämföra
units-choose-hint = Välj två till fyra enheter.
units-compare-checkbox = Jämför
units-compare-submit = Jämför valda enheter
units-unknown = { $count ->
    [one] En av enheterna du valde finns inte. Den är inte med.
   *[other] { $count } av enheterna du valde finns inte. De är inte med.
}
units-problem-choose = Välj ett av alternativen i listan
units-problem-name-too-long = Namnet får vara högst 100 tecken
units-problem-too-few = Välj minst två enheter att jämföra
units-problem-too-many = Välj högst fyra enheter att jämföra
units-compare-title = Jämför enheter
units-compare-caption = { $count ->
    [one] 1 enhet sida vid sida
   *[other] { $count } enheter sida vid sida
}
units-compare-unit = Enhet
units-change-choice = Ändra vilka enheter du jämför
units-attr-kind = Typ
units-attr-provider = Huvudman
units-attr-address = Adress
units-attr-ages-years = Ålder eller årskurser
units-attr-opening-hours = Öppettider
units-attr-profile = Profil
units-attr-places = Antal platser
units-attr-phone = Telefon
units-attr-email = E-post
units-attr-website = Webbplats
units-attr-organisation = Kommun
units-not-applicable = Gäller inte
units-not-given = Finns inte
units-ages-range = { $from }–{ $to } år
units-years-from-f = Förskoleklass–årskurs { $to }
units-years-range = Årskurs { $from }–{ $to }
units-contact-heading = Kontakt
units-about-heading = Om enheten
units-others-forskola = Se och jämför fler förskolor
units-others-skola = Se och jämför fler skolor
units-home-heading = Förskolor och skolor
units-home-link = Se och jämför förskolor och skolor
units-home-text = Kommunala och fristående förskolor och skolor, med profil, åldrar eller årskurser och antal platser.
units-service-link-forskola = Se och jämför förskolorna
units-service-link-skola = Se och jämför skolorna
