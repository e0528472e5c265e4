package dev.floe.controlplane.security;

import dev.floe.controlplane.files.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes sure an admin API client exists before the service reports ready, so a fresh installation can be used at all.
 * The secret comes from configuration, or is generated once and written to a file only the owner can read; it is
 * never logged.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final SecurityProperties.BootstrapAdmin settings;
    private final ApiClients clients;

    BootstrapAdmin(SecurityProperties properties, ApiClients clients) {
        this.settings = properties.bootstrapAdmin();
        this.clients = clients;
    }

    @Override
    public void run(ApplicationArguments args) {
        String clientId = settings.clientId();
        if (settings.clientSecret() != null && !settings.clientSecret().isBlank()) {
            clients.ensure(clientId, "bootstrap admin", Set.of(Role.ADMIN), settings.clientSecret());
            log.info("admin API client '{}' uses the configured secret", clientId);
        } else if (settings.secretFile() != null) {
            Path file = settings.secretFile().toAbsolutePath();
            if (Files.exists(file) && clients.exists(clientId)) {
                log.info("admin API client '{}' exists; its secret is in {}", clientId, file);
                return;
            }
            // first start, or the file was lost: whoever can read this directory is the admin anyway
            String secret = Secrets.generate("fls_");
            clients.ensure(clientId, "bootstrap admin", Set.of(Role.ADMIN), secret);
            AtomicFiles.writeOwnerOnly(file, secret);
            log.info("admin API client '{}' created; its secret was written to {}", clientId, file);
        } else if (!clients.exists(clientId)) {
            log.warn("no admin API client: set floe.security.bootstrap-admin.client-secret or .secret-file");
        }
    }
}
