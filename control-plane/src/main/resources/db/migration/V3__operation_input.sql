-- Parameters of an operation that the agent needs for imperative steps (failover mode, clusters involved), as JSON.
ALTER TABLE operation ADD COLUMN input text NOT NULL DEFAULT '{}';
