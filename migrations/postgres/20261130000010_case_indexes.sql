-- Indexes for the back office's queues at a million cases (found by `.ci/bench-cases`): each
-- queue is read newest first within one organisation, so each gets an index in that order; the
-- open-cases index is partial, as closed cases (most of them, after a few years) never show in
-- the overdue or waiting queues. "Mine" is read by officer, whatever the status.
CREATE INDEX cases_organisation ON cases (organisation_id, received_at, id);
CREATE INDEX cases_organisation_status ON cases (organisation_id, status, received_at, id);
CREATE INDEX cases_open ON cases (organisation_id, received_at, id)
    WHERE status IN ('registered', 'assigned', 'in-progress', 'completion-requested', 'communicated');
CREATE INDEX cases_officer ON cases (assigned_to, received_at, id);
DROP INDEX cases_assigned;
CREATE INDEX case_referrals_open ON case_referrals (case_id) WHERE answer IS NULL;
CREATE INDEX cases_person_order ON cases (person_id, received_at, id);
DROP INDEX cases_person;
