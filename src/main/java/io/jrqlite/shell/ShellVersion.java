package io.jrqlite.shell;

import io.jrqlite.cli.VersionInfo;

/** The version the shell reports: jrqlite's own build version. */
final class ShellVersion {

    private ShellVersion() {
    }

    static String get() {
        return VersionInfo.load().version();
    }
}
