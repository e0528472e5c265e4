package dev.floe.agent.provider.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/** How to run one of the agent's own main classes in a new JVM, from the executable jar or a plain class path. */
final class JavaCommand {

    private JavaCommand() {
    }

    static String defaultJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> forMainClass(String java, String mainClass, List<String> jvmOptions) {
        String classPath = absolute(System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        if (isBootJar(classPath)) {
            // Inside the executable jar our classes sit in BOOT-INF; Spring Boot's launcher can start any of them.
            command.addAll(List.of("-Dloader.main=" + mainClass, "-cp", classPath,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classPath, mainClass));
        }
        return command;
    }

    /** The child runs in its own working directory, so a class path relative to ours would point nowhere. */
    private static String absolute(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")
                || !Files.isRegularFile(Path.of(classPath))) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
