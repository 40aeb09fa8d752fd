package io.jrqlite.cli;

import java.util.Optional;
import java.util.Set;

/**
 * Flags whose features jrqlite has not built yet. Setting one to anything but its default stops start-up
 * with {@code fatal: -<flag> is not supported yet}, rather than running a node that silently ignores it.
 * Remove a name here in the same change that makes its feature work.
 *
 * <p>Flags not listed are accepted with any value; among them {@code -join-interval} and {@code -join-attempts}
 * (harmless without {@code -join}), and {@code -raft-non-voter=false} and the other
 * listed booleans at their defaults.
 */
final class Unsupported {

    static final Set<String> FLAGS = Set.of(
            // Joining, bootstrapping, discovery, read replicas
            "compress-snap-transport", "disco-mode", "disco-key", "disco-config",
            // SQLite maintenance and extensions
            "auto-vacuum-int", "auto-optimize-int", "extensions-path",
            // Automatic backup and restore, change data capture
            "auto-backup", "auto-restore", "cdc-config",
            // OTLP metrics and profiling
            "otlp-endpoint", "otlp-interval", "otlp-insecure", "otlp-no-verify", "otlp-ca-cert",
            "otlp-cert", "otlp-key", "cpu-profile", "mem-profile", "trace-profile");

    static {
        for (String name : FLAGS) {
            if (Flags.byName(name) == null) {
                throw new IllegalStateException("unsupported list names an unknown flag: -" + name);
            }
        }
    }

    private Unsupported() {
    }

    /** The first flag (in table order) that asks for a feature jrqlite lacks, if any. */
    static Optional<String> firstIn(ParsedFlags flags) {
        return Flags.ALL.stream()
                .map(Flag::name)
                .filter(name -> FLAGS.contains(name) && flags.differsFromDefault(name))
                .findFirst();
    }

    static String message(String flag) {
        return "-" + flag + " is not supported yet";
    }
}
