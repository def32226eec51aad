-- Whom a case is for when the applicant acted for someone else: `child:NUMBER` (a child in the
-- applicant's custody) or `company:NUMBER` (a company they sign for); NULL for the applicant
-- themselves. Another guardian of the child, or another signatory of the company, acting for
-- them sees the case in My cases; the index serves that list newest first.
ALTER TABLE cases ADD COLUMN on_behalf TEXT;
CREATE INDEX cases_on_behalf ON cases (on_behalf, received_at, id) WHERE on_behalf IS NOT NULL;
