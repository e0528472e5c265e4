-- Operations the data plane starts by itself (a broker replaced after a crash) are reported by the agent under a
-- key of its own; the key makes a replayed report find the same operation instead of creating a second one.
ALTER TABLE operation ADD COLUMN report_key text;
CREATE UNIQUE INDEX operation_by_report_key ON operation (environment_id, report_key) WHERE report_key IS NOT NULL;
