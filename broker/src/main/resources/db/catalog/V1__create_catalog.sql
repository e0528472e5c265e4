-- The catalog of one Floe cluster: which brokers are alive, which broker owns which partition at
-- which epoch, where each partition's data lives in the bucket, consumer offsets and producer state.

create table brokers (
    node_id          integer primary key,
    host             text        not null,
    port             integer     not null,
    zone             text        not null,
    state            text        not null,           -- UP, DRAINING, STOPPED
    wal_clean        boolean     not null default false, -- true once everything in its WAL is in the bucket
    lease_expires_at timestamptz not null,
    started_at       timestamptz not null default now()
);

create table topics (
    topic_id        uuid primary key,
    name            text        not null unique,
    partition_count integer     not null check (partition_count > 0),
    internal        boolean     not null default false,
    created_at      timestamptz not null default now()
);

create table topic_configs (
    topic_id uuid not null references topics (topic_id) on delete cascade,
    name     text not null,
    value    text not null,
    primary key (topic_id, name)
);

-- owner_node/epoch are the fencing token: every commit for a partition names the epoch it holds.
create table partitions (
    topic_id            uuid    not null references topics (topic_id) on delete cascade,
    partition           integer not null,
    owner_node          integer,
    epoch               integer not null default 0,
    log_start_offset    bigint  not null default 0,
    uploaded_end_offset bigint  not null default 0,
    move_to             integer,           -- set by the controller: the owner hands over to this broker
    primary key (topic_id, partition)
);

create table objects (
    object_key  text primary key,
    size_bytes  bigint      not null,
    created_at  timestamptz not null default now(),
    created_by  integer     not null
);

-- One contiguous run of one partition's batches inside one object: [base_offset, end_offset).
create table ranges (
    topic_id      uuid    not null,
    partition     integer not null,
    base_offset   bigint  not null,
    end_offset    bigint  not null,
    object_key    text    not null references objects (object_key),
    position      bigint  not null,
    length        bigint  not null,
    max_timestamp bigint  not null,
    primary key (topic_id, partition, base_offset)
);
create index ranges_object on ranges (object_key);

create sequence producer_ids start with 1000;

-- Last batches of each idempotent producer per partition, so duplicates are recognised after a move.
create table producer_states (
    topic_id       uuid     not null,
    partition      integer  not null,
    producer_id    bigint   not null,
    producer_epoch smallint not null,
    batches        text     not null,  -- "firstSeq:lastSeq:baseOffset:lastOffset;..." oldest first
    updated_at     timestamptz not null default now(),
    primary key (topic_id, partition, producer_id)
);

create table group_offsets (
    group_id         text    not null,
    topic            text    not null,
    partition        integer not null,
    committed_offset bigint  not null,
    leader_epoch     integer not null default -1,
    metadata         text,
    commit_time      timestamptz not null default now(),
    primary key (group_id, topic, partition)
);

-- Who holds the controller role (the advisory lock is the truth; this row tells clients who it is).
create table cluster_controller (
    singleton integer primary key default 1 check (singleton = 1),
    node_id   integer not null,
    since     timestamptz not null default now()
);
