package dev.floe.controlplane.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fingerprint of everything an API call could have written, to prove that a refused request changed nothing.
 * Rows the background engine legitimately touches (operation progress, agent heartbeats) are counted, not hashed.
 */
public final class DatabaseSnapshot {

    private static final String[] HASHED = {
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM environment t",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM bootstrap_token t",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM api_client t",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM recovery_tier t",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM dr_pairing t",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM audit_event t",
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM idempotency_record t",
            "SELECT md5(coalesce(string_agg(concat_ws(',', id, generation, version, deleting, broker_count, zones,"
                    + " tier_id, operation_id), '|' ORDER BY id), '')) FROM cluster",
            "SELECT count(*)::text FROM operation",
            "SELECT count(*)::text FROM agent"};

    private DatabaseSnapshot() {
    }

    public static Map<String, String> take(JdbcTemplate jdbc) {
        Map<String, String> snapshot = new LinkedHashMap<>();
        for (String query : HASHED) {
            snapshot.put(query, jdbc.queryForObject(query, String.class));
        }
        return snapshot;
    }
}
