package dev.floe.controlplane.api;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON (de)serialisation for values kept in text columns (subnets, broker lists, conditions). */
public final class JsonColumns {

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private JsonColumns() {
    }

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static <T> T read(String text, TypeReference<T> type) {
        return JSON.readValue(text, type);
    }
}
