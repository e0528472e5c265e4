package dev.floe.controlplane.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EtagsTest {

    @Test
    void aMissingWildcardOrMatchingTagPassesAndAnyOtherIsStale() {
        assertThatCode(() -> Etags.requireMatch(null, 3)).doesNotThrowAnyException();
        assertThatCode(() -> Etags.requireMatch("*", 3)).doesNotThrowAnyException();
        assertThatCode(() -> Etags.requireMatch("\"3\"", 3)).doesNotThrowAnyException();
        assertThatCode(() -> Etags.requireMatch("\"1\", W/\"3\"", 3)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Etags.requireMatch("\"2\"", 3)).isInstanceOf(ApiException.class)
                .hasMessageContaining("\"3\"");
        assertThatThrownBy(() -> Etags.requireMatch("3", 3)).isInstanceOf(ApiException.class);
    }
}
