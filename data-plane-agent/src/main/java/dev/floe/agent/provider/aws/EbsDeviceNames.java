package dev.floe.agent.provider.aws;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The device names the aws provider gives EBS attachments: a broker's own WAL volume is {@code /dev/sdf}; a dead
 * broker's volume attached for recovery takes the first of {@code /dev/sdg}…{@code /dev/sdz} its target does not use.
 * On Nitro instances the name is only a label (the disk appears as NVMe), but EC2 still refuses a name in use.
 */
final class EbsDeviceNames {

    static final String OWN_WAL = "/dev/sdf";

    private EbsDeviceNames() {
    }

    /** The first recovery device name free on an instance whose block device mappings use {@code inUse}. */
    static Optional<String> freeRecoveryDevice(Collection<String> inUse) {
        // /dev/sdg and /dev/xvdg are the same attachment point to EC2, and /dev/sda1 occupies "a": compare the letter.
        Set<String> taken = inUse.stream().map(EbsDeviceNames::slot).collect(Collectors.toSet());
        return IntStream.rangeClosed('g', 'z')
                .mapToObj(letter -> String.valueOf((char) letter))
                .filter(letter -> !taken.contains(letter))
                .map(letter -> "/dev/sd" + letter)
                .findFirst();
    }

    private static String slot(String deviceName) {
        return deviceName.replaceFirst("^/dev/", "").replaceFirst("^(xvd|sd)", "").replaceFirst("[0-9]+$", "");
    }
}
