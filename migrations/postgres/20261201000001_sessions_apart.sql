-- Nothing changes on PostgreSQL: sessions stay in the portal's database, on their own pool whose
-- commits do not wait for the disk. (SQLite moved them to a file of their own in this version;
-- both folders list the same versions.)
SELECT 1;
