package dev.floe.broker.compat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record as an external client read it back. Both kcat (through its format string) and the
 * kafkajs script print a record as {@code partition \t offset \t key \t value \t name=value,...}.
 */
record ConsumedMessage(int partition, long offset, String key, String value, Map<String, String> headers) {

    /** The tab-separated format string that makes kcat print records this way. */
    static final String KCAT_FORMAT = "%p\\t%o\\t%k\\t%s\\t%h\\n";

    static List<ConsumedMessage> parseAll(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank()).map(ConsumedMessage::parse).toList();
    }

    static ConsumedMessage parse(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 5) {
            throw new IllegalArgumentException("not a record line (partition, offset, key, value, headers): " + line);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (!fields[4].isEmpty()) {
            for (String header : fields[4].split(",")) {
                int eq = header.indexOf('=');
                headers.put(eq < 0 ? header : header.substring(0, eq), eq < 0 ? "" : header.substring(eq + 1));
            }
        }
        return new ConsumedMessage(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2], fields[3], headers);
    }

    /** What the tests compare across clients: the content, not where it landed. */
    Content content() {
        return new Content(key, value, headers);
    }

    record Content(String key, String value, Map<String, String> headers) {
    }
}
