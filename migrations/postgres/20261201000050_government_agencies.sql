-- Government agencies (the police, the tax agency) as organisations: cases are referred to them
-- for opinions.
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
    CHECK (kind IN ('municipality', 'joint_authority', 'county_board', 'government_agency'));
