# Text pages every public body must have. The id pattern is described at TextPage in app/src/pages.rs:
# P-title, P-lead, P-section-n-heading, P-section-n-body-m, P-section-n-item-m, P-section-n-link-text and P-section-n-link-url.

# Accessibility statement under the Act (2018:1937) on accessibility to digital public services, following DIGG's model
a11y-title = Accessibility statement
a11y-lead = This statement applies to the Citizen Portal website and the e-services on it. Norrvik Municipality is responsible for the portal on behalf of Norrvik Municipality, Sjövik Municipality, Norrvik-Sjövik Fire and Rescue Service and Mellanlän County Administrative Board. We want as many people as possible to be able to use the portal. Here we describe how the portal meets the Swedish law on accessibility of digital public services, which shortcomings we know about, and how you can tell us about problems so that we can fix them.

a11y-section-1-heading = How accessible is the portal?
a11y-section-1-body-1 = We know that some parts of the Citizen Portal are not fully accessible. You can read more under the heading Content that is not accessible further down this page.

a11y-section-2-heading = What can you do if you cannot use parts of the portal?
a11y-section-2-body-1 = If you need content that is not accessible to you, for example a form, you can contact us. We will help you get the content in a format that works for you.
a11y-section-2-body-2 = We normally reply within five working days.
a11y-section-2-item-1 = Email: e-tjanster@norrvik.example
a11y-section-2-item-2 = Phone: 0123-45 60 00 (weekdays 8 am–5 pm)

a11y-section-3-heading = Report accessibility problems
a11y-section-3-body-1 = We are always working to make the portal more accessible. If you find problems that are not described on this page, or if you think we do not meet the requirements of the law, please tell us. Email or call us at the address and number above.

a11y-section-4-heading = Enforcement
a11y-section-4-body-1 = The Agency for Digital Government (DIGG) supervises compliance with the Swedish law on accessibility of digital public services. If you are not satisfied with how we handle your comments, you can contact DIGG and report it.
a11y-section-4-link-text = Report inaccessibility to DIGG
a11y-section-4-link-url = https://www.digg.se/tdosanmalan

a11y-section-5-heading = Technical information about the portal's accessibility
a11y-section-5-body-1 = The Citizen Portal is partially compliant with the Swedish Act (2018:1937) on accessibility to digital public services, due to the shortcomings described below.
a11y-section-5-body-2 = The law refers to the standard EN 301 549. For websites, this means that the requirements of WCAG 2.1 at level AA must be met.

a11y-section-6-heading = Content that is not accessible
a11y-section-6-body-1 = The following content does not yet meet the requirements. For each shortcoming we explain why and what you can do instead.
a11y-section-6-item-1 = Some PDF forms from before 2018 are not fully accessible. For example, they lack headings and field descriptions that a screen reader can read out (WCAG 1.3.1). Documents published before 23 September 2018 are exempt from the law, as long as you do not need them to handle a matter. You can always ask us for the form in an accessible format.
a11y-section-6-item-2 = The map where you can mark a location cannot be fully used with a keyboard alone (WCAG 2.1.1). The map is an addition to the form. There is always an address field where you can type the location instead.
a11y-section-6-item-3 = Some links lead to other authorities' websites. We cannot control how accessible those websites are. Each website has its own accessibility statement.

a11y-section-7-heading = How we tested the portal
a11y-section-7-body-1 = We have made our own assessment (self-assessment) of the Citizen Portal. This means that the organisations behind the portal have tested it themselves and that no external auditor has done so.
a11y-section-7-body-2 = This is how we tested:
a11y-section-7-item-1 = Automated tests with the axe-core tool of every page, in both Swedish and English.
a11y-section-7-item-2 = Manual tests using only the keyboard.
a11y-section-7-item-3 = Manual tests with a screen reader.
a11y-section-7-item-4 = Manual tests with the page zoomed to 200 per cent and in a window only 320 pixels wide.

a11y-section-8-heading = About this statement
a11y-section-8-body-1 = The portal was last assessed on 22 November 2026.
a11y-section-8-body-2 = This statement was prepared on 22 November 2026 and last updated on 22 November 2026.

# Privacy and cookies
privacy-title = Privacy and cookies
privacy-lead = Here we describe what information the Citizen Portal stores when you use it, why we do so and what rights you have.

privacy-section-1-heading = Cookies
privacy-section-1-body-1 = The Citizen Portal uses at most two cookies. Both are needed for the portal to work, which is why you do not need to accept them.
privacy-section-1-body-2 = The cookie lang remembers which language you have chosen (sv or en) for one year. It holds nothing else.
privacy-section-1-body-3 = The cookie id is set only when you start filling in a form and holds only a random code. With it the portal finds your answers so far, which are kept on the server. The cookie goes away when you close the browser, and the answers are deleted when you send the form, when you choose Clear the form, or when you have not used the form for two hours. The cookies are protected so that other scripts on the page cannot read them (HttpOnly).
privacy-section-1-body-4 = We do not use any cookies for statistics, analytics or tracking. The portal does not load any content from other companies or websites either.

privacy-section-2-heading = Server logs
privacy-section-2-body-1 = When you visit a page, the server saves a log entry with the time, the address you visited and whether it worked (a status code).
privacy-section-2-body-2 = We keep the logs for 30 days so that we can detect security problems and fix errors. After that they are deleted.
privacy-section-2-body-3 = Personal identity numbers and what you type into forms are never saved in the logs.

privacy-section-3-heading = Who is responsible for your personal data?
privacy-section-3-body-1 = The organisation you are dealing with is the controller of the personal data in your matter. It may be Norrvik Municipality, Sjövik Municipality, Norrvik-Sjövik Fire and Rescue Service or Mellanlän County Administrative Board.
privacy-section-3-body-2 = For the portal itself, for example the cookie and the logs, Norrvik Municipality is the controller.

privacy-section-4-heading = Why we are allowed to process your data
privacy-section-4-body-1 = We process personal data to perform tasks in the public interest and as part of our exercise of official authority. That is the legal basis under the General Data Protection Regulation (GDPR), Article 6(1)(e).

privacy-section-5-heading = Your rights
privacy-section-5-body-1 = Under the General Data Protection Regulation you have several rights. If you want to use them, contact the organisation that is handling your matter.
privacy-section-5-item-1 = You have the right to find out what personal data we hold about you (a copy of your data).
privacy-section-5-item-2 = You have the right to have incorrect data corrected.
privacy-section-5-item-3 = You have the right to have data erased, unless we are required by law to keep it, for example under the Swedish Archives Act.
privacy-section-5-item-4 = You have the right to ask us to restrict how we use your data.
privacy-section-5-item-5 = You have the right to complain to the Swedish Authority for Privacy Protection (IMY) if you think we are processing your data in the wrong way.
privacy-section-5-link-text = Swedish Authority for Privacy Protection (IMY)
privacy-section-5-link-url = https://www.imy.se/en/

privacy-section-6-heading = Data protection officer
privacy-section-6-body-1 = If you have questions about how your personal data is processed in the Citizen Portal, you can contact the data protection officer by email at dataskyddsombud@norrvik.example.

# Contact. The application shows each organisation's contact details between the lead and the sections.
contact-title = Contact
contact-lead = If you have a question about a matter, contact the organisation that is handling it – you will find each organisation's contact details below.

contact-section-1-heading = Technical problems with the e-services
contact-section-1-body-1 = Norrvik Municipality is responsible for the Citizen Portal on behalf of all the organisations. Contact us if an e-service does not work or if you have questions about the portal itself.
contact-section-1-item-1 = Email: e-tjanster@norrvik.example
contact-section-1-item-2 = Phone: 0123-45 60 00
contact-section-1-item-3 = Phone hours: weekdays 8 am–5 pm
