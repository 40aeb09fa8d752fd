package io.jrqlite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * Build facts (from the Maven-filtered resource {@code io/jrqlite/build.properties}) and the {@code -version}
 * line, laid out as rqlited's: {@code rqlited <version> <os> <arch> <runtime> sqlite<ver> (commit <c>,
 * compiler <jdk>)}. A value the build did not supply reads {@code unknown}.
 */
public record VersionInfo(String version, String commit, String buildTime, String compiler) {

    static final String RESOURCE = "/io/jrqlite/build.properties";
    static final String UNKNOWN = "unknown";

    /** Reads the build facts bundled with jrqlite. */
    public static VersionInfo load() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return fromProperties(p);
    }

    static VersionInfo fromProperties(Properties p) {
        return new VersionInfo(value(p, "version"), value(p, "commit"), value(p, "build_time"),
                value(p, "compiler"));
    }

    /** The {@code -version} line for this JVM and the given SQLite library version. */
    public String versionLine(String sqliteVersion) {
        return versionLine(sqliteVersion, System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System.getProperty("java.version", UNKNOWN));
    }

    String versionLine(String sqliteVersion, String osName, String osArch, String javaVersion) {
        return "rqlited " + version + " " + goOs(osName) + " " + goArch(osArch) + " java" + javaVersion
                + " sqlite" + sqliteVersion + " (commit " + commit + ", compiler " + compiler + ")";
    }

    /** Operating system in Go's spelling (GOOS), as tools parsing rqlite's line expect. */
    static String goOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.isEmpty() ? UNKNOWN : os.replace(' ', '-');
    }

    /** CPU architecture in Go's spelling (GOARCH). */
    static String goArch(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return "amd64";
            case "aarch64":
            case "arm64":
                return "arm64";
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
                return "386";
            case "":
                return UNKNOWN;
            default:
                return osArch.toLowerCase(Locale.ROOT);
        }
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        // An unfiltered placeholder means the build did not provide the value.
        return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }
}
