package io.jrqlite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The kB fields of Linux's {@code /proc/<pid>/status}, such as {@code VmRSS} (resident now) and {@code VmHWM} (the
 * peak so far).
 */
final class ProcStatus {

    private ProcStatus() {
    }

    /** The field's value in kB from the text of a status file; empty when the field is absent or malformed. */
    static OptionalLong kb(String statusText, String field) {
        String prefix = field + ":";
        for (String line : statusText.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String[] parts = line.substring(prefix.length()).trim().split("\\s+");
            try {
                return OptionalLong.of(Long.parseLong(parts[0]));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** The field for a live process; empty when the process is gone (or this is not Linux). */
    static OptionalLong read(long pid, String field) {
        try {
            return kb(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
