# The frame around every page
portal-name = Citizen Portal
language-name = English
skip-to-content = Skip to main content
nav-label = Main menu
nav-life-events = Life events
nav-organisations = Organisations
nav-search = Search
demo-tag = Demo
demo-banner = This is a demonstration with fictional municipalities. Nothing is sent to any authority.
footer-heading = About this website
footer-accessibility = Accessibility
footer-contact = Contact
footer-register = Public records register
footer-privacy = Privacy and cookies
footer-licence = The Citizen Portal is open source (EUPL 1.2).
breadcrumbs-label = You are here
breadcrumbs-home = Home
loading = Loading…

# Errors
error-not-found = Page not found
error-not-found-body = Check that the address is spelt correctly. The page may also have been moved or removed.
error-bad-request = The request could not be handled
error-bad-request-body = Something in the request was wrong. Go back and try again.
error-unavailable = The service is temporarily unavailable
error-unavailable-body = We have a temporary technical problem. Please try again in a moment. Nothing you have already sent has been lost.
error-forbidden = You cannot do this
error-forbidden-body = This page or action is not open to you. If you sent a form: for your security we only accept forms sent from the portal's own pages. Go back to the form and send it from there.
error-unauthenticated = You need to sign in
error-unauthenticated-body = This page shows your own details. Sign in with an e-ID to see it.
error-conflict = The case has changed
error-conflict-body = Someone else changed the case while you were working on it, or this cannot be done at the stage the case is at. Nothing has been changed. Reload the page, see what has happened and try again.
error-too-large = Too much text
error-too-large-body = What you sent was larger than we can accept. Shorten the text and try again.
error-too-many-requests = Too many attempts in a short time
error-too-many-requests-body = We have received many attempts from the same place in a short time. Wait a while, then try again. Nothing you have already sent has been lost.
error-internal = Something went wrong
error-internal-body = An unexpected error occurred. Please try again in a moment. If the problem persists, contact us.
error-go-home = Go to the home page

# Home page
home-title = E-services and information from the municipalities
home-lead = Find services from Norrvik Municipality, Sjövik Municipality, the fire and rescue service and the county administrative board – search, or start from what is happening in your life.
home-life-events = Life events
home-organisations = Organisations

# Search
search-label = Search the services
search-hint = For example building permit, preschool or waste collection.
search-button = Search
search-title = Search
search-title-query = Search results for “{ $query }”
search-empty = Type one or more words in the search box, for example “building permit” or “preschool”.
search-browse-life-events = Browse life events
search-no-results = No service matched “{ $query }”.
search-no-results-help = This may help:
search-tip-spelling = check the spelling
search-tip-fewer-words = use fewer or more general words
search-result-count = { $count ->
    [one] 1 service found
   *[other] { $count } services found
}

# Life events and organisations
life-events-title = Life events
life-events-lead = The services grouped by what is happening in your life.
services-count = { $count ->
    [one] 1 service
   *[other] { $count } services
}
organisations-title = Organisations
organisations-lead = The municipalities and authorities using the portal.
organisation-departments = Departments and committees
kind-municipality = Municipality
kind-joint_authority = Joint authority (association of municipalities)
kind-county_board = County administrative board
kind-government_agency = Government agency
contact-heading = Contact
contact-email = Email
contact-phone = Phone
contact-opening-hours = Opening hours
contact-address = Address
contact-website = Website

# Service page
level-information = Information
level-form = Form without login
level-e_service = E-service with e-ID
level-cross_agency = E-service across authorities
cta-heading = How to use the service
cta-information = This service has no application. Read the information on this page or contact us if you have questions.
cta-form = The form for this service will soon be available here without login. Until then, contact us and we will help you.
cta-e_service = The e-service with e-ID will open here soon. Until then, contact us and we will help you apply.
cta-cross_agency = The e-service will open here soon. You will only need to contact us – we pass the case on to the other authorities. Until then, contact us.
cta-contact = Contact:
service-about = About the service
service-audience = Who can use the service
service-how = How to apply
service-requirements = What you need
service-fees = Fee
service-handling-time = Handling time
service-legal-basis = Legal basis
service-authorities = Other authorities involved
service-responsible = Responsible
service-life-events = Life events
service-related = Related services
