-- A service row carries the id of its form (if it has one), so the catalogue can link to the
-- form without reading the forms' tables. The content import keeps it up to date.
ALTER TABLE services ADD COLUMN form_id TEXT;
UPDATE services SET form_id = (SELECT f.id FROM forms f WHERE f.service_id = services.id ORDER BY f.id LIMIT 1);
