package dev.floe.agent.controlplane;

import dev.floe.agent.state.StateDirectory;
import java.util.Optional;

/** Agent credentials live in {@code credentials.json} in the state directory, readable by the owner only. */
public final class CredentialStore {

    static final String FILE = "credentials.json";

    private final StateDirectory state;

    public CredentialStore(StateDirectory state) {
        this.state = state;
    }

    public Optional<AgentCredentials> load() {
        return state.read(FILE, AgentCredentials.class);
    }

    public void save(AgentCredentials credentials) {
        state.writeSecret(FILE, credentials);
    }
}
