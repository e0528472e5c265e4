package dev.floe.agent.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EbsDeviceNamesTest {

    @Test
    void aBrokerWithItsRootAndOwnWalVolumeGetsTheFirstRecoveryDevice() {
        assertThat(EbsDeviceNames.freeRecoveryDevice(List.of("/dev/xvda", "/dev/sdf"))).contains("/dev/sdg");
    }

    @Test
    void skipsNamesInUseUnderEitherSpelling() {
        assertThat(EbsDeviceNames.freeRecoveryDevice(List.of("/dev/sda1", "/dev/sdf", "/dev/sdg", "xvdh")))
                .contains("/dev/sdi");
    }

    @Test
    void noFreeNameWhenEveryRecoverySlotIsTaken() {
        List<String> all = IntStream.rangeClosed('g', 'z').mapToObj(c -> "/dev/xvd" + (char) c).toList();
        assertThat(EbsDeviceNames.freeRecoveryDevice(all)).isEmpty();
    }
}
