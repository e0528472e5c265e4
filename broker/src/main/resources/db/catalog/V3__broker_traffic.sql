-- Record bytes each broker process received in Produce and sent in Fetch responses, written with every lease
-- renewal (broker/README.md). Totals count since this incarnation started (a restart starts them at 0 again);
-- the rates are what the broker saw over its last 60 seconds, so a reader needs no second sample.
alter table brokers add column bytes_in_total     bigint           not null default 0;
alter table brokers add column bytes_out_total    bigint           not null default 0;
alter table brokers add column bytes_in_per_sec   double precision not null default 0;
alter table brokers add column bytes_out_per_sec  double precision not null default 0;
alter table brokers add column traffic_sampled_at timestamptz;   -- null until the first renewal reports traffic
