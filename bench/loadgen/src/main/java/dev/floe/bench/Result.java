package dev.floe.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What one run measured, printed as a single {@code RESULT key=value ...} line. */
record Result(String phase, String label, long records, long bytes, double seconds, long errors,
              Latencies.Summary latency, Map<String, Double> cpuSeconds) {

    double mibPerSecond() {
        return seconds <= 0 ? 0 : bytes / seconds / (1024.0 * 1024.0);
    }

    String line() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("phase", phase);
        fields.put("label", label);
        fields.put("records", Long.toString(records));
        fields.put("bytes", Long.toString(bytes));
        fields.put("seconds", format(seconds));
        fields.put("mib_per_s", format(mibPerSecond()));
        fields.put("records_per_s", format(seconds <= 0 ? 0 : records / seconds));
        if (latency != null) {
            fields.put("p50_ms", format(latency.p50Millis()));
            fields.put("p99_ms", format(latency.p99Millis()));
            fields.put("p999_ms", format(latency.p999Millis()));
            fields.put("max_ms", format(latency.maxMillis()));
        }
        fields.put("errors", Long.toString(errors));
        cpuSeconds.forEach((part, value) -> fields.put("cpu_" + part + "_s", format(value)));
        return "RESULT " + fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
