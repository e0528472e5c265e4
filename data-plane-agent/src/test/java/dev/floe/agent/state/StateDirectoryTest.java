package dev.floe.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @TempDir
    Path dir;

    record Secret(String value) {
    }

    @Test
    void secretsAreWrittenReadableByTheOwnerOnly() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        state.writeSecret("credentials.json", new Secret("x"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("credentials.json"))))
                .isEqualTo("rw-------");
        assertThat(state.read("credentials.json", Secret.class)).contains(new Secret("x"));
    }

    @Test
    void aRewriteReplacesTheFileWholeAndLeavesNoTemporaryBehind() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        state.write("a/b.json", new Secret("one"));
        state.write("a/b.json", new Secret("two"));
        assertThat(state.read("a/b.json", Secret.class)).contains(new Secret("two"));
        try (var files = Files.list(dir.resolve("a"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("b.json");
        }
    }

    @Test
    void aSecondAgentCannotUseTheSameStateDirectory() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        FileLock lock = state.lockExclusively();
        try {
            assertThatThrownBy(() -> new StateDirectory(dir).lockExclusively())
                    .hasMessageContaining("another agent already uses state directory");
        } finally {
            lock.release();
            lock.channel().close();
        }
        FileLock again = new StateDirectory(dir).lockExclusively();
        again.release();
        again.channel().close();
    }
}
