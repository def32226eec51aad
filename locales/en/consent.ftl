## Both guardians' consent: the task in My pages, the application's state, the answer

consent-state-pending = Waiting for the other guardian
consent-state-approved = Approved by both guardians
consent-state-declined = The guardians do not agree

consent-tasks-title = To do: applications waiting for your approval
consent-task-link = Approve { $sender }'s application for { $child }
consent-sent-on = sent { $date }
consent-applications-title = Applications both guardians must approve
consent-application-link = { $title } for { $child }
consent-sent-by = Sent by { $sender } on { $date }

consent-child = Child
consent-sender = Sent by
consent-guardians = To be approved by
consent-sent = Sent
consent-waiting-sender = The application is waiting for the other guardian's approval. The municipality registers it only when both guardians have approved it.
consent-waiting-guardian = The other guardian has sent the application. The municipality registers it only when you have approved it.
consent-case-link = See the case in My cases
consent-answers-title = The application as it was sent
consent-decide-title = Do you approve the application?
consent-decide-body = If you approve, { $sender }'s application for { $child } is registered with the municipality. If you do not, it is not registered.
consent-approve = Approve the application
consent-decline = Do not approve
consent-answered-approved = You have approved the application
consent-answered-declined = You have not approved the application
consent-back = Back to My pages

consent-disagree-title = The guardians do not agree on the application
consent-disagree-body = The municipality cannot register an application that guardians with joint custody do not agree on. The application has therefore not been passed on.
consent-disagree-next = You can talk to each other and make a new application together, or contact the service for advice. Only in some matters, such as certain health care and certain social services measures, can the social welfare board decide instead of a guardian who does not consent (Children and Parents Code, chapter 6, section 13 a).

consent-no-longer-guardian = You cannot answer this application
consent-no-longer-guardian-body = According to the population register you are no longer the child's guardian. You can therefore neither see nor approve the application.
consent-registry-problem = We could not check custody in the population register just now. Please try again in a moment.

consent-notice-subject = An application is waiting for your approval
consent-notice-body = The other guardian has sent an application for your child that both of you must approve. Sign in and answer in My pages: { $link }

cta-online-e-service = Apply here on the website. You sign in with an e-ID.
form-for-child-title = First choose the child the application is for
form-for-child-body = The application is for a child, and both guardians must approve it. Choose the child on the page “Who are you acting for?” in My pages. Then you can fill in the application.
form-for-child-link = Choose the child you act for
form-for-child-sign-in = Sign in to apply
form-for-child-acting = The application is for { $child }.
form-offer-by = The municipality must offer a place no later than { $date } (four months after the application, Education Act chapter 8, section 14).
form-consent-waiting-title = The application is waiting for the other guardian
form-consent-waiting = The other guardian gets a task in My pages and must approve the application. The municipality registers it only when both of you have approved it. You can follow it in My pages.
form-for-company-title = First choose the company the application is for
form-for-company-body = The application is made by a company, and you must be entitled to act for it. Choose the company on the page “Who are you acting for?” in My pages. It shows the companies you may sign for according to the Companies Registration Office. Then you can fill in the application.
form-for-company-link = Choose the company you act for
form-for-company-acting = The application is made for { $company }.
