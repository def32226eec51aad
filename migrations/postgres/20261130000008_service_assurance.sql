-- The least level of assurance (2–4) an e-ID sign-in must reach for a service's personal
-- e-services; NULL: the portal's own minimum (`resident_min_loa`).
ALTER TABLE services ADD COLUMN min_loa BIGINT;
