package dev.floe.broker.log;

import org.apache.kafka.common.protocol.Errors;

/** What a produce to one partition got: the first offset assigned, or an error. */
public record AppendResult(Errors error, String message, long baseOffset, long logStartOffset) {
    public static AppendResult error(Errors error, String message) {
        return new AppendResult(error, message, -1, -1);
    }
}
