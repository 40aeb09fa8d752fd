package io.jrqlite.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code rqlite}: the interactive shell. Reads lines, sends SQL to the node's HTTP API and prints the answers;
 * lines starting with a dot are shell commands. With stdin not a terminal it prints results only.
 */
public final class Shell {

    private Shell() {
    }

    public static void main(String[] args) {
        boolean terminal = System.console() != null;
        Map<String, String> env = System.getenv();
        int code = run(List.of(args), env, terminal ? session -> EditedInput.open(env, session.tables)
                : session -> LineInput.plain(System.in, System.out, false), System.out, terminal);
        System.out.flush();
        System.exit(code);
    }

    /** Opens the shell's input once the options are known to be good and the session exists. */
    interface InputSource {
        LineInput open(Session session) throws IOException;
    }

    /** Runs the shell on a plain stream (tests, pipes); prompts and banners only when {@code terminal}. */
    static int run(List<String> args, Map<String, String> env, InputStream in, PrintStream out, boolean terminal) {
        return run(args, env, session -> LineInput.plain(in, out, terminal), out, terminal);
    }

    /** Runs the shell; returns the exit code. */
    static int run(List<String> args, Map<String, String> env, InputSource input, PrintStream out,
            boolean terminal) {
        ShellOptions options;
        try {
            options = ShellOptions.parse(args, env);
        } catch (ShellOptions.BadOptions e) {
            out.println("ERR! " + e.getMessage());
            out.println(ShellOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(ShellOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println("rqlite shell (jrqlite) " + ShellVersion.get());
            return 0;
        }
        if (options.insecure()) {
            // java.net.http checks host names apart from the trust manager; -i means neither is checked.
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        }
        NodeClient client;
        try {
            client = new NodeClient(options);
        } catch (IOException e) {
            out.println("ERR! " + e.getMessage());
            return 1;
        }
        Session session = new Session(client, out);
        if (terminal) {
            out.println("Welcome to the rqlite CLI.");
            out.println("Enter \".help\" for usage hints.");
            out.println("Connected to " + options.scheme() + "://" + options.hostPort() + " running version "
                    + version(client));
        }
        DotCommands dots = new DotCommands(session);
        try (LineInput reader = input.open(session)) {
            while (true) {
                String line = reader.readLine(client.hostPort() + "> ");
                if (line == null) {
                    break;
                }
                if (!handle(line.strip(), session, dots)) {
                    break;
                }
            }
        } catch (IOException e) {
            out.println("ERR! " + e.getMessage());
        }
        if (terminal) {
            out.println("bye~");
        }
        return 0;
    }

    /** Handles one line; false when the shell should stop. */
    private static boolean handle(String line, Session session, DotCommands dots) {
        if (line.isEmpty()) {
            return true;
        }
        try {
            if (line.startsWith(".") || line.equalsIgnoreCase("exit") || line.equalsIgnoreCase("quit")) {
                return dots.run(line) == DotCommands.Next.CONTINUE;
            }
            session.runStatement(line);
        } catch (java.nio.file.NoSuchFileException e) {
            session.error("no such file: " + e.getFile()); // its message would be the bare path
        } catch (IOException | RuntimeException e) {
            session.error(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return true;
    }

    private static String version(NodeClient client) {
        try {
            return client.get("status").version();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
