package io.jrqlite.cli;

/**
 * The command line asked the process to end before starting a node: an error, {@code -h} or {@code -version}.
 * Carries what rqlited would print on stderr and its exit code; the caller prints and exits, so everything
 * that decides this stays testable.
 */
public final class CliExit extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String text;
    private final boolean printUsage;

    CliExit(int exitCode, String text, boolean printUsage) {
        super(text.isEmpty() ? "exit " + exitCode : text, null, false, false);
        this.exitCode = exitCode;
        this.text = text;
        this.printUsage = printUsage;
    }

    /** A {@code fatal: <reason>} failure, exit code 1. */
    static CliExit fatal(String reason) {
        return new CliExit(1, "fatal: " + reason, false);
    }

    /** The process exit code: 0 for {@code -h}/{@code -version}, 2 for flag syntax errors, 1 otherwise. */
    public int exitCode() {
        return exitCode;
    }

    /** The message line(s) without the final newline; empty for {@code -h}. */
    public String text() {
        return text;
    }

    /** Whether the usage text follows the message. */
    public boolean printUsage() {
        return printUsage;
    }

    /** Exactly what goes to stderr: the message, a newline, then the usage when asked for. */
    public String stderrOutput() {
        StringBuilder out = new StringBuilder();
        if (!text.isEmpty()) {
            out.append(text).append('\n');
        }
        if (printUsage) {
            out.append(FlagParser.usage());
        }
        return out.toString();
    }
}
