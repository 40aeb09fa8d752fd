package io.jrqlite.container;

import io.jrqlite.cli.CliExit;
import io.jrqlite.cli.CommandLine;
import io.jrqlite.cli.Rqlited;
import io.jrqlite.shell.Shell;
import io.jrqlite.tls.TrustingAny;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The container image's entrypoint (the image has no shell, so this does what rqlite's entrypoint script does; see
 * {@link EntrypointPlan}), and its health check: {@code healthcheck} asks this node's {@code /readyz}.
 */
public final class ContainerEntrypoint {

    private ContainerEntrypoint() {
    }

    public static void main(String[] argv) throws InterruptedException {
        List<String> received = Arrays.asList(argv);
        EntrypointPlan plan;
        try {
            plan = EntrypointPlan.decide(received, System.getenv(), new SystemHost(),
                    java.nio.file.Files::isDirectory);
        } catch (EntrypointPlan.Refused e) {
            System.err.println("jrqlite: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (!plan.startDelay().isZero()) {
            Thread.sleep(plan.startDelay().toMillis());
        }
        String[] args = plan.args().toArray(String[]::new);
        switch (plan.command()) {
            case SHELL -> Shell.main(args);
            case HEALTHCHECK -> System.exit(ready(System.getenv()) ? 0 : 1);
            case RQLITED -> {
                refuseBadFlags(plan.args(), received);
                Rqlited.main(args);
            }
        }
    }

    /** rqlited's own error for bad flags, followed by what the container was given, since it merged them. */
    private static void refuseBadFlags(List<String> args, List<String> received) {
        try {
            CommandLine.forSystem(() -> "").parse(args);
        } catch (CliExit exit) {
            if (exit.exitCode() != 0) {
                System.err.print(exit.stderrOutput());
                System.err.println("jrqlite: rqlited refused " + EntrypointPlan.quoted(args)
                        + "; arguments received: " + EntrypointPlan.quoted(received));
                System.exit(exit.exitCode());
            }
        }
    }

    /**
     * Whether the node this container runs answers {@code /readyz} with 200, on HTTP_ADDR's port: over HTTP, or
     * over HTTPS when the node serves that (its certificate is not checked: this asks the node in this container).
     */
    private static boolean ready(Map<String, String> env) {
        String addr = env.getOrDefault("HTTP_ADDR", "");
        String hostPort = addr.isEmpty() ? "127.0.0.1:4001" : addr.replaceFirst("^0\\.0\\.0\\.0:", "127.0.0.1:");
        try {
            return readyz(HttpClient.newBuilder(), "http://" + hostPort);
        } catch (java.io.IOException plainFailed) {
            try {
                return readyz(HttpClient.newBuilder().sslContext(TrustingAny.sslContext()), "https://" + hostPort);
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }

    private static boolean readyz(HttpClient.Builder client, String base) throws java.io.IOException {
        try {
            HttpResponse<Void> r = client.connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create(base + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }


    private static final class SystemHost implements EntrypointPlan.Host {
        @Override
        public String name() {
            String n = System.getenv("HOSTNAME");
            if (n != null && !n.isEmpty()) {
                return n;
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "";
            }
        }

        @Override
        public String fullName() {
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                String n = name();
                return n.isEmpty() ? "localhost" : n;
            }
        }
    }
}
