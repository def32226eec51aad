## Båda vårdnadshavarnas samtycke: uppgiften i Mina sidor, ansökans läge, svaret

consent-state-pending = Väntar på den andra vårdnadshavaren
consent-state-approved = Godkänd av båda vårdnadshavarna
consent-state-declined = Vårdnadshavarna är inte överens

consent-tasks-title = Att göra: ansökningar som väntar på ditt godkännande
consent-task-link = Godkänn { $sender }s ansökan för { $child }
consent-sent-on = skickad { $date }
consent-applications-title = Ansökningar som båda vårdnadshavarna ska godkänna
consent-application-link = { $title } för { $child }
consent-sent-by = Skickad av { $sender } { $date }

consent-child = Barn
consent-sender = Skickad av
consent-guardians = Ska godkännas av
consent-sent = Skickad
consent-waiting-sender = Ansökan väntar på att den andra vårdnadshavaren godkänner den. Den registreras hos kommunen först när båda vårdnadshavarna har godkänt den.
consent-waiting-guardian = Den andra vårdnadshavaren har skickat ansökan. Den registreras hos kommunen först när du har godkänt den.
consent-case-link = Se ärendet i Mina ärenden
consent-answers-title = Ansökan som den skickades
consent-decide-title = Godkänner du ansökan?
consent-decide-body = När du godkänner registreras { $sender }s ansökan för { $child } hos kommunen. Säger du nej registreras den inte.
consent-approve = Godkänn ansökan
consent-decline = Godkänn inte
consent-answered-approved = Du har godkänt ansökan
consent-answered-declined = Du har inte godkänt ansökan
consent-back = Tillbaka till Mina sidor

consent-disagree-title = Vårdnadshavarna är inte överens om ansökan
consent-disagree-body = Kommunen kan inte registrera en ansökan som vårdnadshavare med gemensam vårdnad inte är överens om. Ansökan har därför inte skickats vidare.
consent-disagree-next = Ni kan prata med varandra och göra en ny ansökan tillsammans, eller kontakta förvaltningen för råd. Bara i vissa frågor, till exempel viss vård och vissa insatser inom socialtjänsten, kan socialnämnden besluta i stället för en vårdnadshavare som inte samtycker (föräldrabalken 6 kap. 13 a §).

consent-no-longer-guardian = Du kan inte svara på ansökan
consent-no-longer-guardian-body = Enligt folkbokföringen är du inte längre vårdnadshavare för barnet. Därför kan du varken se eller godkänna ansökan.
consent-registry-problem = Vi kunde inte kontrollera vårdnaden i folkbokföringen just nu. Försök igen om en stund.

consent-notice-subject = En ansökan väntar på ditt godkännande
consent-notice-body = Den andra vårdnadshavaren har skickat en ansökan för ert barn som ska godkännas av er båda. Logga in och svara i Mina sidor: { $link }

cta-online-e-service = Ansök här på webbplatsen. Du loggar in med e-legitimation.
form-for-child-title = Välj först vilket barn ansökan gäller
form-for-child-body = Ansökan gäller ett barn, och båda vårdnadshavarna ska godkänna den. Välj barnet på sidan ”Vem företräder du?” i Mina sidor. Sedan kan du fylla i ansökan.
form-for-child-link = Välj vilket barn du företräder
form-for-child-sign-in = Logga in för att ansöka
form-for-child-acting = Ansökan gäller { $child }.
form-offer-by = Kommunen ska erbjuda en plats senast { $date } (fyra månader efter ansökan, skollagen 8 kap. 14 §).
form-consent-waiting-title = Ansökan väntar på den andra vårdnadshavaren
form-consent-waiting = Den andra vårdnadshavaren får en uppgift i Mina sidor och ska godkänna ansökan. Den registreras hos kommunen först när båda har godkänt den. Du ser hur det går i Mina sidor.
form-for-company-title = Välj först vilket företag ansökan gäller
form-for-company-body = Ansökan görs av ett företag, och du ska ha rätt att företräda det. Välj företaget på sidan ”Vem företräder du?” i Mina sidor. Där visas de företag som du enligt Bolagsverket har rätt att teckna. Sedan kan du fylla i ansökan.
form-for-company-link = Välj vilket företag du företräder
form-for-company-acting = Ansökan görs för { $company }.
