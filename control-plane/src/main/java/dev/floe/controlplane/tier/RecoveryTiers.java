package dev.floe.controlplane.tier;

import dev.floe.controlplane.api.ApiException;
import dev.floe.controlplane.api.Etags;
import dev.floe.controlplane.audit.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Admins manage tiers; a tier in use by a cluster cannot be deleted. */
@Service
public class RecoveryTiers {

    private final RecoveryTierRepository tiers;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;

    RecoveryTiers(RecoveryTierRepository tiers, JdbcTemplate jdbc, AuditLog audit, Clock clock) {
        this.tiers = tiers;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<RecoveryTier> list() {
        return tiers.findAll(Sort.by("rpoSeconds", "name"));
    }

    @Transactional(readOnly = true)
    public RecoveryTier get(String name) {
        return tiers.findByName(name).orElseThrow(() -> ApiException.notFound("recovery tier", name));
    }

    @Transactional(readOnly = true)
    public RecoveryTier get(UUID id) {
        return tiers.findById(id).orElseThrow(() -> ApiException.notFound("recovery tier", id));
    }

    @Transactional
    public RecoveryTier create(String name, TierSettings settings) {
        if (tiers.findByName(name).isPresent()) {
            throw ApiException.conflict("already-exists", "recovery tier " + name + " already exists");
        }
        RecoveryTier tier = tiers.save(new RecoveryTier(name, settings, clock.instant()));
        audit.record("recovery-tier.create", "recovery-tier", tier.id(), "created tier " + name + " " + settings);
        return tier;
    }

    @Transactional
    public RecoveryTier update(String name, TierSettings settings, String ifMatch) {
        RecoveryTier tier = get(name);
        Etags.requireMatch(ifMatch, tier.version());
        tier.apply(settings, clock.instant());
        tiers.flush();
        audit.record("recovery-tier.update", "recovery-tier", tier.id(), "updated tier " + name + " to " + settings);
        return tier;
    }

    @Transactional
    public void delete(String name, String ifMatch) {
        RecoveryTier tier = get(name);
        Etags.requireMatch(ifMatch, tier.version());
        // SQL rather than Clusters: cluster builds on tier, and asking it back would make a cycle
        Integer users = jdbc.queryForObject("SELECT count(*) FROM cluster WHERE tier_id = ?", Integer.class, tier.id());
        if (users != null && users > 0) {
            throw ApiException.conflict("tier-in-use", "recovery tier " + name + " is used by " + users + " cluster(s)");
        }
        tiers.delete(tier);
        audit.record("recovery-tier.delete", "recovery-tier", tier.id(), "deleted tier " + name);
    }
}
