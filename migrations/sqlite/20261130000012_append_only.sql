-- The audit log, the cases' timelines and registered documents are append-only: what was
-- recorded is never changed or removed afterwards, whatever the code asks (OSL 5 kap., and the
-- trail a person reads of who handled their case).
CREATE TRIGGER audit_events_are_append_only_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_events_are_append_only_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER case_events_are_append_only_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'a case timeline is append-only');
END;
CREATE TRIGGER case_events_are_append_only_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'a case timeline is append-only');
END;
CREATE TRIGGER case_documents_are_never_deleted BEFORE DELETE ON case_documents
BEGIN
    SELECT RAISE(ABORT, 'registered documents are never deleted');
END;
