package dev.floe.broker.compat;

import java.util.List;

/** How an external client process ended and what it printed. */
record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    List<String> stdoutLines() {
        return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
    }

    /** For assertion messages: everything a reader needs to see why the client failed. */
    String describe() {
        return "command " + command + " exited " + exitCode + "\n--- stdout ---\n" + tail(stdout)
                + "\n--- stderr ---\n" + tail(stderr);
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }
}
