package io.jrqlite.container;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the container's entrypoint runs, decided from its arguments and environment the way rqlite's official image
 * decides it: {@code run} (the image's default command) starts rqlited with addresses and node id from
 * {@code HTTP_ADDR}, {@code HTTP_ADV_ADDR}, {@code RAFT_ADDR}, {@code RAFT_ADV_ADDR}, {@code NODE_ID} (defaults: all
 * interfaces on 4001 and 4002, advertised under the host's name) and the data directory {@code DATA_DIR}
 * ({@code /rqlite/file/data}); arguments starting with {@code -} are rqlited flags merged between those defaults and
 * the data directory, and a flag given there wins over its variable; {@code rqlited ...} and {@code rqlite ...} run
 * as given. The image has no shell, so any other command is an error that names the arguments received. Pure:
 * nothing here sleeps, prints or exits.
 */
record EntrypointPlan(Command command, List<String> args, Duration startDelay) {

    enum Command { RQLITED, SHELL, HEALTHCHECK }

    static final String DEFAULT_DATA_DIR = "/rqlite/file/data";
    /** Where SQLITE_EXTENSIONS names are looked up, as in rqlite's image. */
    static final Path EXTENSIONS_ROOT = Path.of("/opt/extensions");
    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)([smhd]?)");

    EntrypointPlan {
        args = List.copyOf(args);
    }

    /** The entrypoint refuses its arguments or environment; the message names what it received. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The host's names, asked only when a default needs them. */
    interface Host {
        String name();

        String fullName();
    }

    static EntrypointPlan decide(List<String> received, Map<String, String> env, Host host,
            Predicate<Path> isDirectory) throws Refused {
        String command = received.isEmpty() ? "run" : received.get(0);
        Duration delay = startDelay(env, received);
        if (command.equals("rqlited")) {
            return new EntrypointPlan(Command.RQLITED, received.subList(1, received.size()), delay);
        }
        if (command.equals("rqlite")) {
            return new EntrypointPlan(Command.SHELL, received.subList(1, received.size()), Duration.ZERO);
        }
        if (command.equals("healthcheck") && received.size() == 1) {
            return new EntrypointPlan(Command.HEALTHCHECK, List.of(), Duration.ZERO);
        }
        boolean merge = command.startsWith("-");
        if (!merge && !(command.equals("run") && received.size() <= 1)) {
            throw new Refused("cannot run " + quoted(received) + ": this image runs \"run\", rqlited flags (arguments"
                    + " starting with -), \"rqlited ...\" or \"rqlite ...\"");
        }
        List<String> flags = merge ? received : List.of();
        List<String> args = new ArrayList<>();
        addUnlessGiven(args, flags, "-node-id", () -> env.getOrDefault("NODE_ID", host.name()));
        addUnlessGiven(args, flags, "-http-addr", () -> orDefault(env, "HTTP_ADDR", "0.0.0.0:4001"));
        addUnlessGiven(args, flags, "-http-adv-addr",
                () -> orDefault(env, "HTTP_ADV_ADDR", host.fullName() + ":4001"));
        addUnlessGiven(args, flags, "-raft-addr", () -> orDefault(env, "RAFT_ADDR", "0.0.0.0:4002"));
        addUnlessGiven(args, flags, "-raft-adv-addr",
                () -> orDefault(env, "RAFT_ADV_ADDR", host.fullName() + ":4002"));
        String extensions = extensionsFlag(env, flags, isDirectory, received);
        if (!extensions.isEmpty()) {
            args.add(extensions);
        }
        args.addAll(flags);
        args.add(orDefault(env, "DATA_DIR", DEFAULT_DATA_DIR));
        return new EntrypointPlan(Command.RQLITED, args, delay);
    }

    private static String orDefault(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static void addUnlessGiven(List<String> args, List<String> flags, String flag,
            Supplier<String> value) {
        if (!given(flags, flag)) {
            String v = value.get();
            if (flag.equals("-node-id") && (v == null || v.isEmpty())) {
                return; // no host name either: rqlited's own default (the advertised Raft address) applies
            }
            args.add(flag);
            args.add(v);
        }
    }

    /** Whether {@code flag} is among the arguments, as {@code -f}, {@code -f=v} or Go's {@code --f}. */
    static boolean given(List<String> flags, String flag) {
        for (String a : flags) {
            String f = a.startsWith("--") ? a.substring(1) : a;
            if (f.equals(flag) || f.startsWith(flag + "=")) {
                return true;
            }
        }
        return false;
    }

    private static String extensionsFlag(Map<String, String> env, List<String> flags, Predicate<Path> isDirectory,
            List<String> received) throws Refused {
        List<String> paths = new ArrayList<>();
        String named = env.getOrDefault("SQLITE_EXTENSIONS", "");
        String custom = env.getOrDefault("CUSTOM_SQLITE_EXTENSIONS_PATH", "");
        if ((!named.isEmpty() || !custom.isEmpty()) && given(flags, "-extensions-path")) {
            throw new Refused("setting both -extensions-path and " + (named.isEmpty()
                    ? "CUSTOM_SQLITE_EXTENSIONS_PATH" : "SQLITE_EXTENSIONS") + " is not allowed; arguments received: "
                    + quoted(received));
        }
        for (String ext : named.split(",")) {
            if (ext.isBlank()) {
                continue;
            }
            Path p = EXTENSIONS_ROOT.resolve(ext.trim());
            if (!isDirectory.test(p)) {
                throw new Refused("SQLite extension " + ext.trim() + " does not exist");
            }
            paths.add(p.toString());
        }
        if (!custom.isEmpty()) {
            paths.add(custom);
        }
        return paths.isEmpty() ? "" : "-extensions-path=" + String.join(",", paths);
    }

    /**
     * {@code START_DELAY} in seconds (fractions and an {@code s}, {@code m}, {@code h} or {@code d} suffix allowed,
     * as sleep(1) takes them); 5 s under Kubernetes when unset, so that the pod's DNS records exist before a join.
     */
    static Duration startDelay(Map<String, String> env, List<String> received) throws Refused {
        String v = env.getOrDefault("START_DELAY", "");
        if (v.isEmpty()) {
            return env.containsKey("KUBERNETES_SERVICE_HOST") ? Duration.ofSeconds(5) : Duration.ZERO;
        }
        Matcher m = DELAY.matcher(v.trim());
        if (!m.matches()) {
            throw new Refused("invalid START_DELAY " + quoted(List.of(v)) + "; arguments received: "
                    + quoted(received));
        }
        long unit = switch (m.group(2)) {
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 1_000;
        };
        return Duration.ofMillis(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue());
    }

    static String quoted(List<String> args) {
        return "\"" + String.join(" ", args) + "\"";
    }
}
