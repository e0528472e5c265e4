package dev.floe.bench.elastic;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One machine-readable {@code RESULT key=value ...} line on stdout, which the bench scripts parse; everything else
 * goes to stderr. Values never contain spaces.
 */
final class ResultLine {

    private final Map<String, String> fields = new LinkedHashMap<>();

    ResultLine(String kind) {
        fields.put("kind", kind);
    }

    ResultLine put(String key, Object value) {
        String text = value == null ? "-" : value instanceof Double d ? String.format(Locale.ROOT, "%.1f", d)
                : value.toString();
        fields.put(key, text.isEmpty() ? "-" : text.replace(' ', '_'));
        return this;
    }

    void print() {
        System.out.println("RESULT " + fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        System.out.flush();
    }
}
