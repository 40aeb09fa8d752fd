package io.jrqlite.shell;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The shell's command line, GNU style ({@code -H host}, {@code --host host}, {@code --host=host}). */
record ShellOptions(String scheme, String host, int port, String prefix, String user, Duration timeout,
        List<String> alternatives, boolean insecure, String caCert, String clientCert, String clientKey,
        boolean version, boolean help) {

    static final String USAGE = String.join("\n",
            "rqlite: the command-line shell for a jrqlite (or rqlite) node",
            "usage: rqlite [options]",
            "  -H, --host HOST          node address (default 127.0.0.1)",
            "  -p, --port PORT          node HTTP port (default 4001)",
            "  -s, --scheme SCHEME      http or https (default http)",
            "  -P, --prefix PATH        URL prefix of the API (default /)",
            "  -a, --alternatives LIST  host:port,host:port to try when the node cannot be reached",
            "  -i, --insecure           do not check the node's HTTPS certificate",
            "  -c, --ca-cert FILE       trust the CA certificate(s) in this PEM file",
            "  -d, --client-cert FILE   present this PEM client certificate (with -k)",
            "  -k, --client-key FILE    the PEM (PKCS#8) key of the client certificate",
            "  -u, --user USER:PASS     send these credentials with every request",
            "  -t, --http-timeout DUR   give up on a request after this long (default 30s)",
            "  -v, --version            print the shell's version and exit",
            "  -h, --help               print this text and exit",
            "RQLITE_HOST (e.g. https://host:4001) sets scheme, host and port when no option does.");

    /** Thrown for a command line the shell cannot use; the message says why. */
    static final class BadOptions extends Exception {
        BadOptions(String message) {
            super(message);
        }
    }

    static ShellOptions parse(List<String> args, Map<String, String> env) throws BadOptions {
        String scheme = null;
        String host = null;
        Integer port = null;
        String prefix = "/";
        String user = null;
        Duration timeout = Duration.ofSeconds(30);
        List<String> alternatives = List.of();
        boolean insecure = false;
        String caCert = null;
        String clientCert = null;
        String clientKey = null;
        boolean version = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "-v", "--version" -> version = true;
                case "-h", "--help" -> help = true;
                case "-i", "--insecure" -> insecure = true;
                case "-H", "--host", "-p", "--port", "-s", "--scheme", "-P", "--prefix", "-u", "--user", "-t",
                        "--http-timeout", "-a", "--alternatives", "-c", "--ca-cert", "-d", "--client-cert", "-k",
                        "--client-key" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new BadOptions("option " + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "-H", "--host" -> host = value;
                        case "-p", "--port" -> port = port(value);
                        case "-s", "--scheme" -> scheme = scheme(value);
                        case "-P", "--prefix" -> prefix = value;
                        case "-u", "--user" -> user = user(value);
                        case "-a", "--alternatives" -> alternatives = alternatives(value);
                        case "-c", "--ca-cert" -> caCert = value;
                        case "-d", "--client-cert" -> clientCert = value;
                        case "-k", "--client-key" -> clientKey = value;
                        default -> timeout = duration(value);
                    }
                }
                default -> throw new BadOptions("unknown option " + arg);
            }
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new BadOptions("--client-cert and --client-key go together");
        }
        String fromEnv = env.get("RQLITE_HOST");
        if (scheme == null && host == null && port == null && fromEnv != null && !fromEnv.isBlank()) {
            URI uri = URI.create(fromEnv.contains("://") ? fromEnv : "http://" + fromEnv);
            scheme = scheme(uri.getScheme());
            host = uri.getHost();
            port = uri.getPort() > 0 ? uri.getPort() : null;
        }
        return new ShellOptions(scheme == null ? "http" : scheme, host == null ? "127.0.0.1" : host,
                port == null ? 4001 : port, normalizePrefix(prefix), user, timeout, alternatives, insecure, caCert, clientCert, clientKey,
                version, help);
    }

    private static int port(String v) throws BadOptions {
        try {
            int p = Integer.parseInt(v);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadOptions("bad port: " + v);
    }

    private static String scheme(String v) throws BadOptions {
        if (!"http".equals(v) && !"https".equals(v)) {
            throw new BadOptions("scheme must be http or https: " + v);
        }
        return v;
    }

    private static List<String> alternatives(String v) throws BadOptions {
        List<String> list = java.util.Arrays.stream(v.split(",")).map(String::trim).filter(a -> !a.isEmpty())
                .toList();
        for (String a : list) {
            int colon = a.lastIndexOf(':');
            if (colon <= 0) {
                throw new BadOptions("alternatives are host:port pairs: " + a);
            }
            port(a.substring(colon + 1));
        }
        return list;
    }

    private static String user(String v) throws BadOptions {
        if (!v.contains(":")) {
            throw new BadOptions("--user wants user:password");
        }
        return v;
    }

    /** Go-style durations as rqlite takes them: 30s, 500ms, 2m, 1h; a bare number is seconds. */
    static Duration duration(String v) throws BadOptions {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new BadOptions("bad duration: " + v);
        }
    }

    /** The prefix always starts and ends with "/", so paths can be appended to it. */
    private static String normalizePrefix(String p) {
        String s = p.startsWith("/") ? p : "/" + p;
        return s.endsWith("/") ? s : s + "/";
    }

    String hostPort() {
        return host + ":" + port;
    }

    /** Base URL ending in "/" before the API path, e.g. {@code http://127.0.0.1:4001/}. */
    String baseUrl() {
        return baseUrl(hostPort());
    }

    String baseUrl(String hostPort) {
        return scheme + "://" + hostPort + prefix;
    }
}
