package io.jrqlite.shell;

/** The shell's session settings, changed by dot-commands. */
final class Settings {
    ResultFormat mode = ResultFormat.COLUMN;
    String consistency = "weak";
    boolean timer;
    boolean changes;
    boolean blobArray;
    boolean forceWrites;
    String output = "stdout";
}
