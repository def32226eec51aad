# Signing in with an e-ID, My pages and the demo's test persons.
identity-sign-in = Sign in
identity-sign-out = Sign out
identity-sign-in-title = Sign in
identity-sign-in-lead = Choose the e-ID you want to sign in with. You go to your e-ID and then come back here.
identity-sign-in-with = Sign in with { $provider }
identity-sign-in-privacy = When you sign in we keep your name and personal identity number, and when you signed in. Read how we handle personal data:
identity-no-providers = No e-ID has been set up for this portal yet. Contact the municipality.
identity-your-eid = your e-ID
identity-try-another = Sign in another way
identity-problem-utgangen = The sign-in could not be completed
identity-problem-utgangen-body = The sign-in took too long, or the answer did not come from a sign-in you started here. Nothing has been saved. Start again and sign in.
identity-problem-avbruten = You cancelled the sign-in
identity-problem-avbruten-body = You are not signed in. You can sign in again whenever you like.
identity-problem-misslyckad = The sign-in could not be verified
identity-problem-misslyckad-body = The answer from { $provider } could not be verified, so you have not been signed in. Try again. If it does not work, choose another e-ID.
identity-problem-personnummer = We did not get a valid personal identity number
identity-problem-personnummer-body = { $provider } did not give a valid Swedish personal identity number or coordination number, which is needed to show your own details. Choose another e-ID.
identity-problem-tillitsniva = Your e-ID is not enough here
identity-problem-tillitsniva-body = The e-services need an e-ID with assurance level { $level } (for example BankID or Freja+). The sign-in with { $provider } did not reach that level. Choose another e-ID.
identity-problem-otillganglig = { $provider } is not answering right now
identity-problem-otillganglig-body = We cannot reach { $provider } at the moment. Try again in a while, or choose another e-ID.
identity-signed-out = You are signed out
identity-signed-out-body = Close the browser if you are using a computer that others also use.
identity-sign-in-again = Sign in again
identity-my-pages = My pages
identity-number = Personal identity number
identity-signed-in-with = Signed in with
identity-signed-in-at = Signed in since
identity-level = assurance level { $level }
identity-my-data = My data
identity-my-data-intro = Here you see everything the portal keeps about you. You can also download it as a file (JSON).
identity-my-data-read = See everything we keep about you
identity-my-data-download = Download my data (JSON)
identity-my-data-person = About you
identity-given-name = Given name
identity-family-name = Family name
identity-first-signed-in = First sign-in
identity-history = Your sign-ins
identity-history-when = When
identity-history-eid = E-ID
identity-history-level = Assurance level
identity-events = Events
identity-event-action = What
identity-event-sign-in = Sign-in
identity-event-sign-out = Sign-out
identity-event-data-export = Download of my data
identity-demo-provider = Test person (demo)
identity-demo-intro = In the demo you can sign in as a fictional test person without an e-ID.
identity-demo-link = Sign in as a test person
identity-demo-title = Test sign-in
identity-demo-warning = Demo only: the test persons have the Swedish Tax Agency's test personal identity numbers, which never belong to a real person. This sign-in does not exist in a real portal.
identity-demo-choose = Choose a test person
identity-demo-submit = Sign in as a test person
identity-problem-tvafaktor = The sign-in lacks two-factor authentication
identity-problem-tvafaktor-body = Staff must sign in with two factors (for example a password and a code on the phone). { $provider } did not report that, so you have not been signed in. Sign in again and use your second factor.
identity-staff-sign-in-again = Sign in as staff again
identity-staff-sign-in-title = Sign in as staff
identity-staff-sign-in-lead = Staff sign in through their organisation's own sign-in, with two factors.
identity-staff-home = Staff workspace
identity-staff-organisation = Organisation
identity-staff-roles = Roles
identity-staff-no-roles = No roles yet. An administrator in your organisation gives you roles.
identity-staff-roles-manage = Staff and roles
identity-staff-roles-lead = Staff of { $organisation } who have signed in. Changes apply at once and are logged.
identity-staff-name = Name
identity-staff-grant = Give role
identity-staff-grant-to = Role for { $name }
identity-staff-remove = Remove
identity-demo-choose-staff = Or choose a test member of staff
identity-event-staff-sign-in = Sign-in as staff
identity-event-role-grant = Role given
identity-event-role-remove = Role removed
role-registrar = Registrar
role-case-officer = Case officer
role-manager = Manager
role-organisation-admin = Administrator
identity-ends-at = You will be signed out at { $time } if you do nothing.
identity-stay-signed-in = Stay signed in
profile-title = Contact details
profile-link = Change your contact details and notifications
profile-lead = How we reach you about your cases. Nothing is required.
profile-email = E-mail address
profile-email-confirmed = Confirmed.
profile-email-unconfirmed = Not confirmed yet. We have sent a link to the address; open it to confirm.
profile-phone = Mobile number
profile-phone-hint = For example 070-123 45 67 or +46 70 123 45 67.
profile-notify = Notify me when something happens in my cases
profile-notify-email = By e-mail
profile-notify-sms = By text message
profile-save = Save
profile-saved = Your contact details have been saved.
profile-error-email = Enter the e-mail address as name@example.se
profile-error-phone = Enter the mobile number with 7 to 15 digits, for example 070-123 45 67
profile-error-notify-email = Enter an e-mail address to get notifications by e-mail
profile-error-notify-sms = Enter a mobile number to get notifications by text message
confirm-email-title = Confirm your e-mail address
confirm-email-lead = Press the button to confirm that the e-mail address is yours.
confirm-email-button = Confirm the e-mail address
confirm-email-done = The e-mail address is confirmed
confirm-email-done-body = Thank you. We use the address when we need to reach you.
confirm-email-invalid = The link does not work
confirm-email-invalid-body = The link has been used, is too old (it works for 48 hours) or is for an address you have changed. Save the e-mail address again under Contact details and we will send a new link.
confirm-email-subject = Confirm your e-mail address
confirm-email-body = Hello,
    
    Open the link to confirm that this is the e-mail address to use in the citizen portal:
    
    { $link }
    
    The link works for 48 hours. If you did not give this address, you can ignore this message.
identity-event-profile-change = Contact details changed
identity-event-email-confirmed = E-mail address confirmed
identity-staff-grant-where = Where
identity-staff-whole-organisation = The whole organisation
identity-my-data-cases = Your cases
identity-my-data-cases-count = { $count ->
    [0] You have no cases with the authorities that use the portal.
    [one] You have one case. It is in the file and under
   *[other] You have { $count } cases. They are in the file and under
}
identity-my-data-drafts = Applications in progress
identity-my-data-drafts-count = { $count ->
    [0] You have no applications in progress saved.
    [one] One application in progress is saved, with what you have filled in. It is in the file and under
   *[other] { $count } applications in progress are saved, with what you have filled in. They are in the file and under
}

## Acting for someone (a child in one's custody, a company one signs for)
represent-title = Who are you acting for?
represent-link = Choose whether you act for yourself, your child or your company
represent-intro = Your children and the companies you sign for are fetched from the population register and the Swedish Companies Registration Office, so you do not have to type them.
represent-legend = I am acting for
represent-myself = Myself ({ $name })
represent-children = Children in your custody
represent-companies = Companies you sign for
represent-not-active = the company is not active and cannot be chosen
represent-nobody = According to the registers, you have custody of no child and sign for no company.
represent-submit = Continue
represent-refused = Choose yourself, one of your children or a company you sign for
represent-registry-problem = The registers could not be reached just now, so the list may be incomplete. You can go on for yourself or try again in a while.
represent-header = Acting for: { $name }
represent-change = Change

identity-demo-signing-title = Test signature
identity-demo-signing-warning = Demo only: here you sign without an e-ID. In a real portal you sign with the same e-ID you signed in with.
identity-demo-signing-signer = You sign as
identity-demo-signing-what = What you sign
identity-demo-signing-text = By signing you confirm that the information is correct. The checksum shows exactly what you sign and is kept with the case.
identity-demo-signing-sign = Sign
identity-demo-signing-cancel = Cancel
signature-sha256 = Checksum (SHA-256)
