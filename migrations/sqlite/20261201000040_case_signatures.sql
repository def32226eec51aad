-- How a case's application was signed: who signed, when, with which e-ID and level of
-- assurance, and exactly what they signed (the text and its SHA-256), kept with the case.
CREATE TABLE case_signatures (
    case_id     INTEGER PRIMARY KEY REFERENCES cases (id),
    person_id   INTEGER NOT NULL,
    signer_name TEXT NOT NULL,
    signed_at   INTEGER NOT NULL,
    provider    TEXT NOT NULL,
    e_id        TEXT NOT NULL,
    loa         INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    signed_text TEXT NOT NULL
);
