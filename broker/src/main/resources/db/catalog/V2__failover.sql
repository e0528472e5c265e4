-- Crash failover (docs/failover.md). A broker process is one incarnation of a node id: a fenced
-- incarnation can neither renew its lease nor commit, even if its process wakes up again.
create sequence broker_incarnations start with 1;
alter table brokers add column incarnation   bigint not null default 0;
alter table brokers add column wal_volume_id text;               -- provider id of its WAL volume (launch contract)
alter table brokers add column fenced_at     timestamptz;

-- The controller asks for a dead broker's WAL volume to be moved to a healthy broker; the agent moves it
-- (REQUESTED -> ATTACHED); the target broker replays it and commits it (ATTACHED -> RECOVERED).
create table wal_moves (
    move_id            bigserial   primary key,
    failed_node        integer     not null,
    failed_incarnation bigint      not null,
    volume_id          text        not null,
    target_node        integer     not null,
    state              text        not null check (state in ('REQUESTED', 'ATTACHED', 'RECOVERED', 'FAILED')),
    attached_path      text,                                   -- where the target broker finds the WAL directory
    requested_at       timestamptz not null default now(),
    attached_at        timestamptz,
    recovered_at       timestamptz,
    message            text
);
-- At most one move in flight per failed node.
create unique index wal_moves_open on wal_moves (failed_node) where state in ('REQUESTED', 'ATTACHED');
