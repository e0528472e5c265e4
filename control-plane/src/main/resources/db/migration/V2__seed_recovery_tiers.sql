-- Default recovery tiers; admins may change or add tiers through the API.
INSERT INTO recovery_tier (id, name, description, rpo_seconds, rto_seconds, min_brokers, zones_required,
                           dr_required, drill_interval_days, wal_type, version, created_at, updated_at)
VALUES ('00000000-0000-4000-8000-000000000001', 'critical', 'Zero data loss in a region, cross-region DR with quarterly drills',
        0, 60, 3, 3, true, 90, 'io2', 0, now(), now()),
       ('00000000-0000-4000-8000-000000000002', 'standard', 'Production workloads in one region',
        60, 300, 3, 1, false, NULL, 'gp3', 0, now(), now()),
       ('00000000-0000-4000-8000-000000000003', 'dev', 'Development and tests: a single broker is fine',
        300, 3600, 1, 1, false, NULL, 'gp3', 0, now(), now());
