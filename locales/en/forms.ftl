## Forms (level 2): start, steps, check, confirmation, print

cta-online-form = Fill in the form here on the website. You do not need to sign in.
cta-form-button = Fill in the form
cta-form-print = Print the form and send it by post instead

form-start = Start now
form-continue-draft = Continue where you left off
form-clear = Clear the form
form-clear-hint = Using a computer others use too? Clear the form and your answers are removed from this browser.
form-draft-kept = You have already started filling in this form. Your answers are kept as long as you use the same browser.
form-print-link = Would you rather fill in the form on paper? Print the form.
form-back = Back
form-continue = Continue
form-yes = Yes
form-no = No
form-confirmed = Confirmed
form-remove = Remove
form-add-another = Add another { $item }
form-date-format-print = Write the date as year-month-day.
form-date-format = Write the date as year-month-day, for example { $example }.
form-personal-number-format = Twelve digits, for example 19121212-1212.
form-organisation-number-format = Ten digits, for example 556016-0680.
form-address-street = Street address
form-address-postcode = Postcode
form-address-city = Town or city
form-location-place = Address or description of the place
form-location-lat = Latitude (optional)
form-location-lon = Longitude (optional)

form-error-prefix = Error
form-error-summary = There is a problem with your answers
form-error-required = Answer “{ $label }”
form-error-choose-one = Choose an option for “{ $label }”
form-error-choose-at-least-one = Choose at least one option for “{ $label }”
form-error-confirm = You must confirm “{ $label }”
form-error-too-short = “{ $label }” must be at least { $limit } characters
form-error-too-long = “{ $label }” must be { $limit } characters or fewer
form-error-number = “{ $label }” must be a number, for example 12
form-error-whole-number = “{ $label }” must be a whole number
form-error-too-small = “{ $label }” must be { $limit } or more
form-error-too-large = “{ $label }” must be { $limit } or less
form-error-date = “{ $label }” must be a real date, for example 2027-03-15
form-error-too-early = “{ $label }” must not be earlier than { $limit }
form-error-too-late = “{ $label }” must not be later than { $limit }
form-error-email = Enter an email address in the correct format for “{ $label }”, like name@example.com
form-error-phone = Enter a phone number for “{ $label }”, like 070-123 45 67
form-error-personal-number = Enter a valid personal identity number for “{ $label }”, twelve digits like 19121212-1212
form-error-organisation-number = Enter a valid organisation number for “{ $label }”, ten digits like 556016-0680
form-error-postcode = The postcode must be five digits, like 123 45
form-error-coordinates = Coordinates must be decimal numbers, like 59.33 and 18.06
form-error-unknown-option = Choose one of the options shown for “{ $label }”
form-error-too-few-items = Fill in at least { $limit } for “{ $label }”
form-error-pattern = “{ $label }” is not in the right format

form-check-title = Check your answers before sending
form-not-answered = Not answered
form-change = Change
form-incomplete = Some questions are not answered yet. Answer them before you send.
form-incomplete-link = Go to the questions that are left
form-send-heading = Send
form-send-text = When you send, your answers are saved and you get a reference number.
form-send = Send
form-confirmation-title = We have received what you sent
form-your-reference = Your reference number
form-receipt-sent = We are sending a receipt to { $address }.
form-what-next = What happens next
form-sent-to = What you sent has gone to { $organisation }. Quote the reference number if you contact us.
form-back-to-service = Back to the service

form-print-title = print
form-print-online-instead = Fill in the form on the website instead
form-print-instructions = Fill in the form and send it to:
form-print-only-if = Answer only if you answered “{ $answer }” to “{ $question }”.
form-print-required = required
form-print-tick = Tick the box to confirm.

form-your-case-number = Your case number
receipt-case = Your case has been given case number { $case }. You can follow it in the public records register, and in My pages if you were signed in when you sent it.
receipt-subject = Receipt: { $form }
receipt-body =
    Hello,

    We have received what you sent using the form “{ $form }” for the service { $service }.

    Your reference number is { $reference }. Quote it if you contact us.

    This message cannot be replied to.

## A signed-in person's drafts (My pages)
drafts-title = Applications in progress
drafts-link = Continue where you left off, or delete what you do not want to send
drafts-lead = While you are signed in, what you fill in is saved at every step. You can continue later, from another device too. A draft is deleted { $days } days after you last changed it; you are told a week before.
drafts-empty = You have no applications in progress.
drafts-updated = Last changed
drafts-left = Still to do
drafts-next-step = { $step } ({ $done } of { $total } steps done)
drafts-ready = Everything is filled in: check and send
drafts-kept-until = Kept until
drafts-expires = { $date }
drafts-continue = Continue
drafts-delete = Delete the draft
drafts-deleted = The draft has been deleted.
draft-expiry-subject = An application you started will soon be deleted
draft-expiry-body = Hello,

    You have an application in progress in the citizen portal that you have not changed for a while. It will be deleted on { $date } unless you continue with it.

    Continue or delete it under My pages: { $link }

    This message cannot be answered.

## Attachments (file questions)
form-or = or
form-file-types = File types: { $types }. At most { $limit } MB per file.
form-file-count = { $count ->
    [one] You can attach one file.
   *[other] You can attach at most { $count } files.
}
form-files-attached = Attached files
form-file-remove = Remove
form-file-upload = Upload the file
form-file-none = No files attached yet.
form-file-download = Download
form-file-uploading = Uploading { $files } …
form-file-uploaded = { $count ->
    [one] { $files } is attached.
   *[other] { $files } are attached.
}
form-file-removed = { $file } was removed.
form-error-choose-file = Select a file to attach for “{ $label }”
form-error-same-as = Choose something different for “{ $label }” than for “{ $other }”
form-error-too-many-files = { $limit ->
    [one] You can attach one file for “{ $label }”
   *[other] You can attach at most { $limit } files for “{ $label }”
}
form-error-files-too-big = The files for “{ $label }” must be at most { $limit } MB together
form-error-file-type = The file { $file } must be a { $types }
form-error-file-content = The file { $file } is not what its name says. It must be a { $types }
form-error-file-too-big = The file { $file } must be at most { $limit } MB
form-error-file-empty = The file { $file } is empty
form-error-file-refused = The file { $file } was not accepted because the virus check stopped it
form-error-file-not-checked = The file { $file } could not be checked just now. Try again in a while
form-upload-too-large = The files you sent were too large together. Send fewer or smaller files at a time.
form-print-attach = The document is enclosed in the envelope.
form-fetched-registry = The details about you below are from the population register (the Swedish Tax Agency). Check them and change anything that is wrong.
form-fetched-no-address = Your name is from the population register (the Swedish Tax Agency). Your address is not fetched because your personal details are protected. Only fill in an address if you want us to send post there.
form-fetched-unavailable = We could not fetch your details from the population register just now. Please fill them in yourself.
form-window-closed-title = Applications are closed at the moment
form-window-closed-body = You can apply from { $date }. Anything you have already filled in is kept for now.
form-window-last-day = The last day to apply is { $date }.
form-fetched-company = The company's name and organisation number below are from the Companies Registration Office, for the company you act for, and cannot be changed here. To apply for another company, change whom you act for.

form-sign-in-first-title = Sign in to apply
form-sign-in-first-body = The application is signed with an e-ID when you send it, so you need to sign in before you start. After signing in you come back here.
form-sign-in-first-link = Sign in

form-sign-heading = Sign and send
form-sign-text = You sign the application with your e-ID, the same way as when you signed in. What you sign, with a checksum, is kept with the case. The application is sent when you have signed.
form-sign-and-send = Sign and send
form-signing-not-done = The application has not been sent
form-signing-avbruten = You cancelled the signature. Your answers are kept, and you can sign when you are ready.
form-signing-misslyckad = The signature did not go through. Your answers are kept. Try again in a while.
form-signing-annan-person = You signed as another person than the one signed in. Sign with your own e-ID.
form-signing-niva = Your e-ID does not have the level of assurance the service requires. Sign with, for example, BankID or Freja+.
form-signing-andrad = The answers changed after you signed, so the signature no longer applies. Check the answers and sign again.
form-signing-utgangen = Signing took too long, so it was stopped. Your answers are kept. Sign again when you are ready.

signed-text-form = E-service
signed-text-sender = Sent by
signed-text-for = For
signed-text-key = Sending key
