# Textsidor som varje offentlig aktör ska ha. Mönstret för id:n beskrivs vid TextPage i app/src/pages.rs:
# P-title, P-lead, P-section-n-heading, P-section-n-body-m, P-section-n-item-m, P-section-n-link-text och P-section-n-link-url.

# Tillgänglighetsredogörelse enligt lag (2018:1937) om tillgänglighet till digital offentlig service och DIGG:s mall
a11y-title = Tillgänglighetsredogörelse
a11y-lead = Den här redogörelsen gäller webbplatsen Medborgarportalen och e-tjänsterna på den. Norrvik kommun ansvarar för portalen för Norrvik kommuns, Sjövik kommuns, Räddningstjänsten Norrvik-Sjöviks och Länsstyrelsen i Mellanläns räkning. Vi vill att så många som möjligt ska kunna använda portalen. Här beskriver vi hur portalen uppfyller lagen om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du kan berätta för oss om problem så att vi kan rätta till dem.

a11y-section-1-heading = Hur tillgänglig är portalen?
a11y-section-1-body-1 = Vi vet att vissa delar av Medborgarportalen inte är helt tillgängliga. Du kan läsa mer om det under rubriken Innehåll som inte är tillgängligt längre ned på sidan.

a11y-section-2-heading = Vad kan du göra om du inte kan använda delar av portalen?
a11y-section-2-body-1 = Om du behöver innehåll som inte är tillgängligt för dig, till exempel en blankett, kan du kontakta oss. Då hjälper vi dig att få innehållet i ett format som fungerar för dig.
a11y-section-2-body-2 = Vi svarar normalt inom fem arbetsdagar.
a11y-section-2-item-1 = E-post: e-tjanster@norrvik.example
a11y-section-2-item-2 = Telefon: 0123-45 60 00 (vardagar klockan 8–17)

a11y-section-3-heading = Rapportera brister i portalens tillgänglighet
a11y-section-3-body-1 = Vi arbetar hela tiden med att göra portalen mer tillgänglig. Om du hittar problem som inte står beskrivna på den här sidan, eller om du tycker att vi inte uppfyller lagens krav, vill vi gärna att du berättar det för oss. Skicka e-post eller ring oss på adressen och numret ovan.

a11y-section-4-heading = Tillsyn
a11y-section-4-body-1 = Myndigheten för digital förvaltning (DIGG) har tillsyn över att lagen om tillgänglighet till digital offentlig service följs. Om du inte är nöjd med hur vi tar hand om dina synpunkter kan du kontakta DIGG och anmäla det.
a11y-section-4-link-text = Anmäl bristande tillgänglighet till DIGG
a11y-section-4-link-url = https://www.digg.se/tdosanmalan

a11y-section-5-heading = Teknisk information om portalens tillgänglighet
a11y-section-5-body-1 = Medborgarportalen är delvis förenlig med lag (2018:1937) om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.
a11y-section-5-body-2 = Lagen hänvisar till standarden EN 301 549. För webbplatser innebär den att kraven i WCAG 2.1 på nivå AA ska vara uppfyllda.

a11y-section-6-heading = Innehåll som inte är tillgängligt
a11y-section-6-body-1 = Det här innehållet uppfyller inte kraven ännu. För varje brist står det varför och vad du kan göra i stället.
a11y-section-6-item-1 = Vissa blanketter i PDF-format från före 2018 är inte helt tillgängliga. De saknar till exempel rubriker och beskrivningar av fälten som en skärmläsare kan läsa upp (WCAG 1.3.1). Dokument som publicerades före den 23 september 2018 är undantagna från lagen, så länge de inte behövs för att du ska kunna sköta ett ärende. Du kan alltid be oss om blanketten i ett tillgängligt format.
a11y-section-6-item-2 = Kartan där du kan markera en plats går inte att använda fullt ut med bara tangentbordet (WCAG 2.1.1). Kartan är ett tillägg till formuläret. Det finns alltid ett adressfält där du kan skriva in platsen i stället.
a11y-section-6-item-3 = Vissa länkar leder till andra myndigheters webbplatser. Vi kan inte påverka hur tillgängliga de webbplatserna är. Varje webbplats har en egen tillgänglighetsredogörelse.

a11y-section-7-heading = Hur vi har testat portalen
a11y-section-7-body-1 = Vi har gjort en egen bedömning (självskattning) av Medborgarportalen. Det betyder att organisationerna bakom portalen har testat den själva och att ingen extern granskare har gjort det.
a11y-section-7-body-2 = Så här har vi testat:
a11y-section-7-item-1 = Automatiska tester med verktyget axe-core av varje sida, både på svenska och på engelska.
a11y-section-7-item-2 = Manuella tester där vi bara har använt tangentbordet.
a11y-section-7-item-3 = Manuella tester med skärmläsare.
a11y-section-7-item-4 = Manuella tester med sidan förstorad till 200 procent och i ett fönster som bara är 320 pixlar brett.

a11y-section-8-heading = Om redogörelsen
a11y-section-8-body-1 = Portalen bedömdes senast den 22 november 2026.
a11y-section-8-body-2 = Redogörelsen upprättades den 22 november 2026 och uppdaterades senast den 22 november 2026.

# Personuppgifter och kakor
privacy-title = Personuppgifter och kakor
privacy-lead = Här beskriver vi vilka uppgifter Medborgarportalen sparar när du använder den, varför vi gör det och vilka rättigheter du har.

privacy-section-1-heading = Kakor (cookies)
privacy-section-1-body-1 = Medborgarportalen använder högst två kakor. Båda behövs för att portalen ska fungera, och därför behöver du inte godkänna dem.
privacy-section-1-body-2 = Kakan lang kommer ihåg vilket språk du har valt (sv eller en) i ett år. Den innehåller inget annat.
privacy-section-1-body-3 = Kakan id sätts först när du börjar fylla i ett formulär och innehåller bara en slumpmässig kod. Med den hittar portalen dina svar hittills, som sparas på servern. Kakan försvinner när du stänger webbläsaren, och svaren tas bort när du skickar formuläret, när du väljer Rensa formuläret eller när du inte har använt formuläret på två timmar. Kakorna är skyddade så att andra skript på sidan inte kan läsa dem (HttpOnly).
privacy-section-1-body-4 = Vi använder inga kakor för statistik, analys eller spårning. Portalen hämtar inte heller något innehåll från andra företag eller webbplatser.

privacy-section-2-heading = Loggar på servern
privacy-section-2-body-1 = När du besöker en sida sparar servern en logg med tidpunkten, vilken adress du besökte och om det gick bra (en statuskod).
privacy-section-2-body-2 = Vi sparar loggarna i 30 dagar för att kunna upptäcka säkerhetsproblem och rätta fel. Sedan tas de bort.
privacy-section-2-body-3 = Personnummer och det du skriver i formulär sparas aldrig i loggarna.

privacy-section-3-heading = Vem ansvarar för dina personuppgifter?
privacy-section-3-body-1 = Den organisation som du har kontakt med är personuppgiftsansvarig för uppgifterna i ditt ärende. Det kan vara Norrvik kommun, Sjövik kommun, Räddningstjänsten Norrvik-Sjövik eller Länsstyrelsen i Mellanlän.
privacy-section-3-body-2 = För själva portalen, till exempel kakan och loggarna, är Norrvik kommun personuppgiftsansvarig.

privacy-section-4-heading = Varför vi får behandla dina uppgifter
privacy-section-4-body-1 = Vi behandlar personuppgifter för att utföra uppgifter av allmänt intresse och som en del av vår myndighetsutövning. Det är den rättsliga grunden enligt dataskyddsförordningen (GDPR), artikel 6.1 e.

privacy-section-5-heading = Dina rättigheter
privacy-section-5-body-1 = Enligt dataskyddsförordningen har du flera rättigheter. Om du vill använda dem kontaktar du den organisation som har hand om ditt ärende.
privacy-section-5-item-1 = Du har rätt att få veta vilka personuppgifter vi har om dig (registerutdrag).
privacy-section-5-item-2 = Du har rätt att få felaktiga uppgifter rättade.
privacy-section-5-item-3 = Du har rätt att få uppgifter raderade, om vi inte måste spara dem enligt lag, till exempel arkivlagen.
privacy-section-5-item-4 = Du har rätt att begära att vi begränsar hur vi använder dina uppgifter.
privacy-section-5-item-5 = Du har rätt att klaga hos Integritetsskyddsmyndigheten (IMY) om du tycker att vi behandlar dina uppgifter på fel sätt.
privacy-section-5-link-text = Integritetsskyddsmyndigheten (IMY)
privacy-section-5-link-url = https://www.imy.se

privacy-section-6-heading = Dataskyddsombud
privacy-section-6-body-1 = Om du har frågor om hur dina personuppgifter behandlas i Medborgarportalen kan du kontakta dataskyddsombudet på e-post dataskyddsombud@norrvik.example.

# Kontakt. Organisationernas kontaktuppgifter visas av appen mellan ingressen och avsnitten.
contact-title = Kontakt
contact-lead = Har du frågor om ett ärende kontaktar du den organisation som har hand om det – du hittar kontaktuppgifterna till varje organisation nedan.

contact-section-1-heading = Tekniska problem med e-tjänsterna
contact-section-1-body-1 = Norrvik kommun ansvarar för Medborgarportalen för alla organisationers räkning. Kontakta oss om en e-tjänst inte fungerar eller om du har frågor om själva portalen.
contact-section-1-item-1 = E-post: e-tjanster@norrvik.example
contact-section-1-item-2 = Telefon: 0123-45 60 00
contact-section-1-item-3 = Öppettider för telefon: vardagar klockan 8–17
