package dev.floe.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options; a typo is an error rather than a silently ignored setting. */
public final class Args {

    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    private Args(Map<String, String> values) {
        this.values = values;
    }

    public static Args parse(String[] argv) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < argv.length; i += 2) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value, got: " + argv[i]);
            }
            values.put(argv[i].substring(2), argv[i + 1]);
        }
        return new Args(values);
    }

    public String string(String name, String fallback) {
        used.add(name);
        String value = values.getOrDefault(name, fallback);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public long number(String name, long fallback) {
        String value = string(name, Long.toString(fallback));
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new IllegalArgumentException("--" + name + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number: " + value);
        }
    }

    public void rejectUnused() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + unknown);
        }
    }
}
