-- The control plane's own state: what customers asked for (environments, clusters, tiers, DR pairings),
-- what agents observed, and the long-running operations that connect the two.

CREATE TABLE recovery_tier (
    id                  uuid PRIMARY KEY,
    name                text        NOT NULL UNIQUE,
    description         text,
    rpo_seconds         integer     NOT NULL CHECK (rpo_seconds >= 0),
    rto_seconds         integer     NOT NULL CHECK (rto_seconds >= 0),
    min_brokers         integer     NOT NULL CHECK (min_brokers >= 1),
    zones_required      integer     NOT NULL CHECK (zones_required BETWEEN 1 AND 3),
    dr_required         boolean     NOT NULL,
    drill_interval_days integer     CHECK (drill_interval_days >= 1),
    wal_type            text        NOT NULL,
    version             bigint      NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE TABLE environment (
    id                        uuid PRIMARY KEY,
    name                      text        NOT NULL UNIQUE,
    provider                  text        NOT NULL,
    region                    text        NOT NULL,
    cloud_account_id          text,
    vpc_id                    text,
    subnets                   text        NOT NULL,
    catalog_jdbc_url          text,
    catalog_username          text,
    catalog_password_secret_ref text,
    -- bumped whenever anything an agent must act on changes; agents long-poll on it
    revision                  bigint      NOT NULL,
    version                   bigint      NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);

CREATE TABLE bootstrap_token (
    id             uuid PRIMARY KEY,
    environment_id uuid        NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
    token_hash     text        NOT NULL UNIQUE,
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz,
    created_at     timestamptz NOT NULL
);

-- OAuth2 clients of the built-in authorization server: people's API clients, Terraform and agents.
CREATE TABLE api_client (
    client_id      text PRIMARY KEY,
    secret_hash    text        NOT NULL,
    name           text        NOT NULL,
    roles          text        NOT NULL,
    environment_id uuid        REFERENCES environment (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL
);

CREATE TABLE agent (
    id             uuid PRIMARY KEY,
    environment_id uuid        NOT NULL REFERENCES environment (id) ON DELETE CASCADE,
    client_id      text        NOT NULL UNIQUE REFERENCES api_client (client_id) ON DELETE CASCADE,
    agent_version  text,
    hostname       text,
    registered_at  timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL
);

CREATE TABLE cluster (
    id                   uuid PRIMARY KEY,
    environment_id       uuid        NOT NULL REFERENCES environment (id),
    tier_id              uuid        NOT NULL REFERENCES recovery_tier (id),
    name                 text        NOT NULL,
    generation           bigint      NOT NULL,
    broker_count         integer     NOT NULL,
    instance_type        text        NOT NULL,
    zones                text        NOT NULL,
    wal_volume_size_gib  integer     NOT NULL,
    wal_type             text        NOT NULL,
    retention_ms         bigint      NOT NULL,
    listener_port        integer     NOT NULL,
    auto_create_topics   boolean     NOT NULL,
    deleting             boolean     NOT NULL,
    operation_id         uuid,
    phase                text        NOT NULL,
    observed_generation  bigint      NOT NULL,
    bootstrap_servers    text,
    brokers              text        NOT NULL,
    conditions           text        NOT NULL,
    status_updated_at    timestamptz,
    version              bigint      NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE UNIQUE INDEX cluster_name_per_environment ON cluster (environment_id, name);

CREATE TABLE dr_pairing (
    id                 uuid PRIMARY KEY,
    name               text        NOT NULL UNIQUE,
    primary_cluster_id uuid        NOT NULL REFERENCES cluster (id),
    standby_cluster_id uuid        NOT NULL REFERENCES cluster (id),
    topic_filter       text        NOT NULL,
    group_filter       text        NOT NULL,
    state              text        NOT NULL,
    active_cluster_id  uuid        NOT NULL REFERENCES cluster (id),
    operation_id       uuid,
    version            bigint      NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK (primary_cluster_id <> standby_cluster_id)
);

CREATE TABLE operation (
    id             uuid PRIMARY KEY,
    type           text        NOT NULL,
    target_type    text        NOT NULL,
    target_id      uuid        NOT NULL,
    environment_id uuid,
    -- the cluster generation this operation asked for (cluster operations only)
    generation     bigint,
    state          text        NOT NULL,
    error          text,
    requested_by   text        NOT NULL,
    created_at     timestamptz NOT NULL,
    started_at     timestamptz,
    finished_at    timestamptz
);
CREATE INDEX operation_by_target ON operation (target_id, created_at);
CREATE INDEX operation_by_state ON operation (state);

-- Steps of an operation. ENGINE steps are claimed and run by an engine instance (lease + SKIP LOCKED);
-- AGENT steps record what the agent reported, in the order first seen.
CREATE TABLE operation_step (
    id               uuid PRIMARY KEY,
    operation_id     uuid        NOT NULL REFERENCES operation (id) ON DELETE CASCADE,
    position         integer     NOT NULL,
    name             text        NOT NULL,
    kind             text        NOT NULL,
    state            text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL,
    timeout_seconds  integer     NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    deadline_at      timestamptz,
    lease_owner      text,
    lease_token      uuid,
    lease_expires_at timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    message          text,
    UNIQUE (operation_id, name)
);
CREATE INDEX operation_step_runnable ON operation_step (next_attempt_at) WHERE kind = 'ENGINE' AND state IN ('PENDING', 'RUNNING');

CREATE TABLE audit_event (
    id          uuid PRIMARY KEY,
    time        timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target_type text        NOT NULL,
    target_id   text,
    summary     text        NOT NULL,
    request_id  text
);
CREATE INDEX audit_event_by_time ON audit_event (time DESC);

CREATE TABLE idempotency_record (
    actor           text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    status          integer,
    content_type    text,
    location        text,
    etag            text,
    body            bytea,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (actor, idempotency_key)
);

-- The authorization server's signing key, shared by every instance so tokens verify anywhere.
CREATE TABLE signing_key (
    id          text PRIMARY KEY,
    private_key bytea       NOT NULL,
    public_key  bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
