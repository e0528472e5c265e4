package dev.floe.broker.traffic;

/** What one lease renewal reports: totals since this process started and rates over the last window. */
public record TrafficSample(long bytesInTotal, long bytesOutTotal, double bytesInPerSec, double bytesOutPerSec) {
}
