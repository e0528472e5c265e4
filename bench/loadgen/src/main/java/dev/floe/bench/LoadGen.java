package dev.floe.bench;

import java.util.Arrays;

/** Entry point of the benchmark's load generator: {@code produce} or {@code consume} against one broker. */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage("missing command");
        }
        Args args;
        try {
            args = Args.parse(Arrays.copyOfRange(argv, 1, argv.length));
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        Result result = switch (argv[0]) {
            case "produce" -> new ProduceRun(ProduceRun.Settings.from(args), CpuAccount.from(args)).run();
            case "consume" -> new ConsumeRun(ConsumeRun.Settings.from(args), CpuAccount.from(args)).run();
            default -> {
                usage("unknown command: " + argv[0]);
                yield null;
            }
        };
        args.rejectUnused();
        // One machine-readable line that produce.sh parses; everything else goes to stderr.
        System.out.println(result.line());
        System.exit(result.errors() == 0 ? 0 : 2);
    }

    private static void usage(String problem) {
        System.err.println("loadgen: " + problem);
        System.err.println("""
                usage: loadgen produce --bootstrap HOST:PORT --topic T [--partitions 8] [--records 200000]
                                       [--record-size 1024] [--warmup 20000] [--rate 0 (records/s, 0 = unthrottled)]
                                       [--seconds 90] [--label max]
                       loadgen consume --bootstrap HOST:PORT --topic T --records N [--seconds 120] [--label catchup]
                both also take [--broker-pid PID [--catalog-pid PID]]: CPU seconds of the measured part, by where they
                went (broker, JIT, GC, an S3 server inside the broker, the catalog's PostgreSQL, loadgen, machine)""");
        System.exit(64);
    }
}
