-- The provisions a service's decisions usually rest on (content `[service.case] decision_provisions`):
-- the decision form starts from them, and the officer adjusts them to the case (FL 32 §).
ALTER TABLE services ADD COLUMN case_decision_provisions TEXT;
