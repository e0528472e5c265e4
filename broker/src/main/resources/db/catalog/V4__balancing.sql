-- Balancing and partition moves (broker/README.md, docs/balancing.md).

-- Traffic of each partition as its owner measured it (smoothed bytes per second), written every few seconds.
-- The balancer weighs brokers by the sum over the partitions they own; a moved partition's row follows it.
create table partition_traffic (
    topic_id          uuid             not null references topics (topic_id) on delete cascade,
    partition         integer          not null,
    node_id           integer          not null,            -- the owner that measured it
    bytes_in_per_sec  double precision not null,
    bytes_out_per_sec double precision not null,
    sampled_at        timestamptz      not null default now(),
    primary key (topic_id, partition)
);

-- One balancing decision: a controller round that moved partitions, an admin's reassignment, or a broker
-- draining before it stops. RUNNING until every move of it is DONE or CANCELLED, then SUCCEEDED.
create table rebalances (
    rebalance_id    bigserial   primary key,
    trigger         text        not null check (trigger in ('COUNT', 'BYTES', 'ZONES', 'REASSIGNMENT', 'DRAIN')),
    summary         text        not null,                  -- why, in words: the imbalance it corrects
    planned_by      integer     not null,                  -- node id of the controller (or the draining broker)
    state           text        not null default 'RUNNING' check (state in ('RUNNING', 'SUCCEEDED')),
    planned_at      timestamptz not null default now(),
    completed_at    timestamptz
);

-- Every ownership change that is not a failover: REQUESTED while the owner uploads and hands over, DONE when the
-- target holds it with a new epoch, CANCELLED when it cannot happen any more (owner or target gone, topic deleted).
create table partition_moves (
    move_id      bigserial   primary key,
    rebalance_id bigint      not null references rebalances (rebalance_id),
    topic_id     uuid        not null,
    topic_name   text        not null,
    partition    integer     not null,
    from_node    integer     not null,
    to_node      integer     not null,
    from_epoch   integer     not null,
    state        text        not null default 'REQUESTED' check (state in ('REQUESTED', 'DONE', 'CANCELLED')),
    requested_at timestamptz not null default now(),
    completed_at timestamptz,
    message      text
);
-- At most one move in flight per partition.
create unique index partition_moves_open on partition_moves (topic_id, partition) where state = 'REQUESTED';
create index partition_moves_rebalance on partition_moves (rebalance_id);

-- Who launched this process: the agent gives each broker process a launch id (FLOE_LAUNCH_ID), so that when it
-- sees that process dead it can fence exactly that incarnation at once instead of waiting for its lease to lapse.
alter table brokers add column launch_id    text;
alter table brokers add column fence_reason text;   -- 'lease lapsed' (controller) or the agent's observation
