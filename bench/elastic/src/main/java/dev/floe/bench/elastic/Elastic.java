package dev.floe.bench.elastic;

import dev.floe.bench.Args;
import java.util.Arrays;

/**
 * Entry point of issue 5's measurements, one command each; the bench scripts start and stop the clusters around
 * them and turn the RESULT lines into tables. Exit status: 0 fine, 1 a measured run failed (the product did not
 * heal or balance in time: the RESULT line says which), 2 an error (stack trace on stderr), 3 the broker lacks an
 * API the benchmark needs, 64 usage.
 */
public final class Elastic {

    private Elastic() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage("missing command");
        }
        Command command;
        try {
            Args args = Args.parse(Arrays.copyOfRange(argv, 1, argv.length));
            command = switch (argv[0]) {
                case "failover" -> {
                    FailoverRun run = new FailoverRun(FailoverRun.Settings.from(args));
                    yield () -> run.run() == 0 ? 0 : 1;
                }
                case "reassign-check" -> {
                    String bootstrap = args.string("bootstrap", null);
                    String topic = args.string("topic", null);
                    yield () -> ReassignmentCheck.run(bootstrap, topic);
                }
                case "move" -> {
                    MoveRun run = new MoveRun(MoveRun.Settings.from(args));
                    yield () -> {
                        run.run();
                        return 0;
                    };
                }
                case "scale" -> {
                    ScaleRun run = new ScaleRun(ScaleRun.Settings.from(args));
                    yield () -> run.run() == 0 ? 0 : 1;
                }
                default -> throw new IllegalArgumentException("unknown command: " + argv[0]);
            };
            args.rejectUnused();
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        int status;
        try {
            status = command.run();
        } catch (Exception e) {
            System.err.println("elastic " + argv[0] + " failed:");
            e.printStackTrace();
            status = 2;
        }
        System.exit(status); // also ends any client thread still waiting on a dead broker
    }

    /** A parsed command, run once its options were all understood. */
    private interface Command {
        int run() throws Exception;
    }

    private static void usage(String problem) {
        System.err.println("elastic: " + problem);
        System.err.println("""
                usage: elastic failover --bootstrap B --catalog-url JDBC --state-dir AGENT_STATE --cluster ID
                                        [--topic bench-failover] [--partitions 48] [--brokers 3] [--kills 5]
                                        [--producers 2] [--rate 1000] [--record-size 1024] [--warmup-seconds 10]
                                        [--rto-limit 120] [--heal-limit 240] [--settle-seconds 5]
                                        [--catalog-user postgres] [--catalog-password '']
                       elastic reassign-check --bootstrap B --topic T
                       elastic move --bootstrap B --topic T [--target 0 (= lowest other broker)] [--poll-ms 50]
                                    [--seconds 1800] [--label move]
                       elastic scale --api-url URL --client-id ID --client-secret-file F --cluster ID
                                     --catalog-url JDBC --state-dir AGENT_STATE --bootstrap B [--topic bench-scale]
                                     [--partitions 48] [--from 3] [--to 6] [--repeats 3] [--rate 200]
                                     [--record-size 1024] [--limit 600] [--settle-seconds 10]""");
        System.exit(64);
    }
}
