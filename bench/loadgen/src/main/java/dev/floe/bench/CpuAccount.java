package dev.floe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU goes while a run is measured, read from Linux's {@code /proc}: the broker JVM split by its
 * threads (the broker's own work, JIT compilation, garbage collection, and an S3 server running inside it, as in
 * Floe's dev mode), the catalog's PostgreSQL processes, this load generator, and the whole machine.
 */
final class CpuAccount {
    /** Linux reports process times in USER_HZ ticks, 100 per second on every architecture it runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    static final List<String> PARTS = List.of("machine", "loadgen", "broker", "jit", "gc", "objectstore", "catalog");

    private final long brokerPid;
    private final long catalogPid;

    /** {@code catalogPid} is PostgreSQL's postmaster (0: none); its backends are found as its children. */
    CpuAccount(long brokerPid, long catalogPid) {
        this.brokerPid = brokerPid;
        this.catalogPid = catalogPid;
    }

    /** From {@code --broker-pid} and {@code --catalog-pid}; without a broker pid nothing is accounted. */
    static CpuAccount from(Args args) {
        return new CpuAccount(args.number("broker-pid", 0), args.number("catalog-pid", 0));
    }

    /** CPU ticks used so far, by part (empty when no broker is watched). */
    Map<String, Long> snapshot() {
        if (brokerPid == 0) {
            return Map.of();
        }
        Map<String, Long> ticks = new LinkedHashMap<>();
        PARTS.forEach(part -> ticks.put(part, 0L));
        ticks.put("machine", machineTicks());
        ticks.put("loadgen", processTicks(ProcessHandle.current().pid(), false));
        long brokerTotal = processTicks(brokerPid, false);
        long counted = 0;
        for (Path task : list(Path.of("/proc", Long.toString(brokerPid), "task"))) {
            String part = partOfThread(read(task.resolve("comm")).strip());
            String stat = read(task.resolve("stat"));
            if (!part.equals("broker") && !stat.isEmpty()) {
                long t = ticksOf(stat, false);
                ticks.merge(part, t, Long::sum);
                counted += t;
            }
        }
        // The process total also holds threads that ended meanwhile; they count as the broker's own (compiler
        // threads and the S3 server's pool do end idle threads, but not while a run keeps them busy).
        ticks.put("broker", brokerTotal - counted);
        if (catalogPid > 0) {
            long catalog = processTicks(catalogPid, true);
            for (long child : childrenOf(catalogPid)) {
                catalog += processTicks(child, false);
            }
            ticks.put("catalog", catalog);
        }
        return ticks;
    }

    /** Seconds each part used between two snapshots. */
    static Map<String, Double> secondsBetween(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String part : before.isEmpty() ? List.<String>of() : PARTS) {
            seconds.put(part, Math.max(0, after.get(part) - before.get(part)) / TICKS_PER_SECOND);
        }
        return seconds;
    }

    /** HotSpot names its compiler threads "C1/C2 CompilerThreadN" and its collector's "GC Thread#N", "G1 ...". */
    static String partOfThread(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "gc";
        }
        if (name.startsWith("S3Proxy")) {
            return "objectstore";
        }
        return "broker";
    }

    /** user + system time of a process or thread; with {@code reapedChildren}, also of its children that ended. */
    static long ticksOf(String stat, boolean reapedChildren) {
        String[] f = fieldsAfterName(stat);
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return reapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
    }

    /** The fields of a {@code stat} line from the state on (index 0: state, 1: parent pid, 11 and 12: user and system time). */
    private static String[] fieldsAfterName(String stat) {
        // The command name may hold spaces and parentheses; the fields after it are plain numbers.
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long processTicks(long pid, boolean reapedChildren) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.isEmpty() ? 0 : ticksOf(stat, reapedChildren);
    }

    /** Busy time of all cores: user, nice, system, irq and softirq (not idle, I/O wait or steal). */
    private static long machineTicks() {
        String[] f = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
    }

    private static List<Long> childrenOf(long parent) {
        return list(Path.of("/proc")).stream()
                .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                .filter(p -> {
                    String stat = read(p.resolve("stat"));
                    return !stat.isEmpty() && fieldsAfterName(stat)[1].equals(Long.toString(parent));
                })
                .map(p -> Long.parseLong(p.getFileName().toString()))
                .toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of /proc, or "" when its process or thread ended meanwhile. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No such process")) {
                return "";
            }
            throw new UncheckedIOException(e);
        }
    }
}
