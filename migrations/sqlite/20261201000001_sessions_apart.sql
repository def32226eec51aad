-- Sessions moved to a file of their own beside the portal's (`portal.sessions.db`, made by the
-- portal at start-up), so saving a step never waits for the submission writer's lock. The table
-- left here is no longer read; visitors signed in or half-way through an anonymous form when the
-- portal is upgraded start again (signed-in drafts are in `person_drafts` and are kept).
DROP TABLE IF EXISTS sessions;
