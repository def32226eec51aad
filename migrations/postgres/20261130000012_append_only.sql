-- The audit log, the cases' timelines and registered documents are append-only: what was
-- recorded is never changed or removed afterwards, whatever the code asks (OSL 5 kap., and the
-- trail a person reads of who handled their case). `refuse_update` (…_forms.sql) raises for
-- any row operation it guards.
CREATE TRIGGER audit_events_are_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_update();
CREATE TRIGGER case_events_are_append_only BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION refuse_update();
CREATE TRIGGER case_documents_are_never_deleted BEFORE DELETE ON case_documents
    FOR EACH ROW EXECUTE FUNCTION refuse_update();
