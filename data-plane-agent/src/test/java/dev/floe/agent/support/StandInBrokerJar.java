package dev.floe.agent.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Builds an executable jar that runs {@link StandInBroker} from this test's class path, for {@code java -jar}. */
public final class StandInBrokerJar {

    private StandInBrokerJar() {
    }

    public static Path build(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path jar = directory.resolve("stand-in-broker.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StandInBroker.class.getName());
        String classPath = Stream.of(StandInBroker.class, org.apache.kafka.common.protocol.ApiKeys.class,
                        org.slf4j.LoggerFactory.class)
                .map(StandInBrokerJar::location)
                .distinct()
                .collect(Collectors.joining(" "));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        return jar;
    }

    private static String location(Class<?> type) {
        try {
            Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            String uri = path.toUri().toString();
            return Files.isDirectory(path) && !uri.endsWith("/") ? uri + "/" : uri;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
