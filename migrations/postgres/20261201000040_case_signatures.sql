-- How a case's application was signed: who signed, when, with which e-ID and level of
-- assurance, and exactly what they signed (the text and its SHA-256), kept with the case.
CREATE TABLE case_signatures (
    case_id     BIGINT PRIMARY KEY REFERENCES cases (id),
    person_id   BIGINT NOT NULL,
    signer_name TEXT NOT NULL,
    signed_at   TIMESTAMPTZ NOT NULL,
    provider    TEXT NOT NULL,
    e_id        TEXT NOT NULL,
    loa         SMALLINT NOT NULL,
    sha256      TEXT NOT NULL,
    signed_text TEXT NOT NULL
);
