package dev.floe.bench.elastic;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Progress on stderr, in the scripts' format, so a long run shows what it waits for. */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {
    }

    static void info(String format, Object... args) {
        System.err.printf("[bench %s] %s%n", LocalTime.now(ZoneOffset.UTC).format(TIME), String.format(format, args));
    }
}
