package dev.floe.agent.provider.local;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.VolumeSpec;
import dev.floe.agent.provider.WalVolumes;
import dev.floe.agent.state.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * WAL volumes as directories: {@code local/volumes/{cluster}/{volume}/data} is the WAL directory, and
 * {@code volume.json} beside it records the attachment. Moving a volume is handing the directory to another broker.
 */
final class LocalVolumes implements WalVolumes {

    private final StateDirectory state;

    LocalVolumes(StateDirectory state) {
        this.state = state;
    }

    @Override
    public List<Volume> list(String clusterId) {
        Path clusterDir = state.resolve(clusterDir(clusterId));
        if (!Files.isDirectory(clusterDir)) {
            return List.of();
        }
        List<Volume> volumes = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(clusterDir)) {
            for (Path dir : dirs.sorted().toList()) {
                state.read(relative(clusterId, dir.getFileName().toString()) + "/volume.json", Volume.class)
                        .ifPresent(volumes::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        volumes.sort(Comparator.comparingInt(Volume::nodeId));
        return volumes;
    }

    @Override
    public Volume create(VolumeSpec spec) {
        String rel = relative(spec.clusterId(), spec.name());
        try {
            Files.createDirectories(state.resolve(rel + "/data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The metadata file is written last: a directory without it is an unfinished create, done again next time.
        Volume volume = state.read(rel + "/volume.json", Volume.class).orElse(new Volume(spec.name(), spec.name(),
                spec.clusterId(), spec.nodeId(), spec.zone(), null, state.resolve(rel + "/data").toString()));
        state.write(rel + "/volume.json", volume);
        return volume;
    }

    @Override
    public Volume attach(Volume volume, BrokerInstance instance) {
        return save(new Volume(volume.id(), volume.name(), volume.clusterId(), volume.nodeId(), volume.zone(),
                instance.instanceId(), volume.location()));
    }

    @Override
    public Volume detach(Volume volume, boolean force) {
        return save(new Volume(volume.id(), volume.name(), volume.clusterId(), volume.nodeId(), volume.zone(), null,
                volume.location()));
    }

    /** Locally the directory is shared by every process on the machine: handing it over is naming its path. */
    @Override
    public RecoveryAttachment attachForRecovery(Volume volume, BrokerInstance target) {
        Volume moved = attach(detach(volume, true), target);
        return new RecoveryAttachment(moved, moved.location());
    }

    @Override
    public void delete(Volume volume) {
        Path dir = state.resolve(relative(volume.clusterId(), volume.name()));
        deleteTree(dir);
        Path clusterDir = dir.getParent();
        try (Stream<Path> rest = Files.list(clusterDir)) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(clusterDir);
            }
        } catch (IOException e) {
            // a sibling appeared concurrently; the directory stays
        }
    }

    private Volume save(Volume volume) {
        state.write(relative(volume.clusterId(), volume.name()) + "/volume.json", volume);
        return volume;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static String clusterDir(String clusterId) {
        return "local/volumes/" + safe(clusterId);
    }

    private static String relative(String clusterId, String name) {
        return clusterDir(clusterId) + "/" + safe(name);
    }

    static String safe(String value) {
        return value.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
