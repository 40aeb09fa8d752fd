package io.jrqlite.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The checks rqlited makes once the flags are parsed, in rqlite's order and with its messages, followed by
 * jrqlite's own: {@code -node-ca-cert} or {@code -node-verify-client} without {@code -node-cert}, a negative
 * {@code -http-max-body}, an unknown {@code -raft-log-level} (rqlite would fall back to INFO), and {@link Unsupported}
 * features. Every failure is a {@code fatal: <reason>} with exit code 1.
 *
 * <p>Pure apart from the injected file-existence test and the working directory used to make the data
 * directory absolute.
 */
final class ConfigValidator {

    private static final String CONSUL_KV = "consul-kv";
    private static final String ETCD_KV = "etcd-kv";
    private static final String DNS = "dns";
    private static final String DNS_SRV = "dns-srv";

    private final Predicate<String> pathExists;

    /** @param pathExists whether a file or directory exists at a path given on the command line */
    ConfigValidator(Predicate<String> pathExists) {
        this.pathExists = pathExists;
    }

    /**
     * Validates flags whose remaining arguments hold at most the data directory.
     *
     * @return the configuration, derived defaults resolved
     * @throws CliExit {@code fatal: <reason>}, exit code 1
     */
    NodeConfig validate(ParsedFlags flags) throws CliExit {
        String dataPath = flags.remaining().isEmpty() ? "" : flags.remaining().get(0).strip();
        if (dataPath.isEmpty()) {
            throw CliExit.fatal("data directory path is required");
        }
        String absoluteDataPath;
        try {
            absoluteDataPath = Path.of(dataPath).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw CliExit.fatal("failed to determine absolute data path: " + e.getMessage());
        }

        for (Flag f : Flags.ALL) {
            String value = f.path() ? flags.string(f.name()) : "";
            if (!value.isEmpty() && !pathExists.test(value)) {
                throw CliExit.fatal(value + " does not exist");
            }
        }
        NodeConfig c = NodeConfig.from(flags, absoluteDataPath);
        for (String p : c.extensionsPath()) {
            if (!pathExists.test(p)) {
                throw CliExit.fatal("extension path does not exist: " + p);
            }
        }

        requirePair(c.httpCert(), c.httpKey(), "http-cert", "http-key");
        requirePair(c.nodeCert(), c.nodeKey(), "node-cert", "node-key");
        if (!c.nodeCaCert().isEmpty() && c.nodeCert().isEmpty()) {
            // jrqlite's rule: rqlite would dial other nodes with TLS while its own Raft port stays plaintext.
            throw CliExit.fatal("-node-ca-cert requires -node-cert");
        }
        if (c.nodeVerifyClient() && c.nodeCert().isEmpty()) {
            throw CliExit.fatal("-node-verify-client requires -node-cert"); // jrqlite's rule: nothing to verify with
        }
        if (c.nodeNoVerify() && c.nodeCert().isEmpty()) {
            throw CliExit.fatal("-node-no-verify requires -node-cert"); // jrqlite's rule: there is no TLS to relax
        }
        if (!c.nodeVerifyServerName().isEmpty() && c.nodeCert().isEmpty()) {
            throw CliExit.fatal("-node-verify-server-name requires -node-cert");
        }
        if (!c.httpVerifyCommonName().isEmpty() && !c.httpVerifyClient()) {
            throw CliExit.fatal("-http-verify-common-name requires -http-verify-client");
        }
        if (!c.nodeVerifyCommonName().isEmpty() && !c.nodeVerifyClient()) {
            throw CliExit.fatal("-node-verify-common-name requires -node-verify-client");
        }

        // Compared as given, before the advertised addresses default to them.
        if (flags.string("raft-addr").equals(flags.string("http-addr"))) {
            throw CliExit.fatal("HTTP and Raft addresses must differ");
        }
        checkAddresses(c);
        checkClustering(c);
        checkOtlp(c);
        checkDiscovery(c);

        if (c.httpMaxBody() < 0) {
            throw CliExit.fatal("-http-max-body must be 0 (no limit) or a positive number of bytes");
        }
        if (RaftLogLevel.parse(c.raftLogLevel()).isEmpty()) {
            throw CliExit.fatal("-raft-log-level must be " + RaftLogLevel.NAMES + ", not \"" + c.raftLogLevel()
                    + "\"");
        }
        String unsupported = Unsupported.firstIn(flags).orElse(null);
        if (unsupported != null) {
            throw CliExit.fatal(Unsupported.message(unsupported));
        }
        return c;
    }

    private static void checkAddresses(NodeConfig c) throws CliExit {
        if (startsWithHttp(c.httpAddr()) || startsWithHttp(c.httpAdvAddr())) {
            throw CliExit.fatal("HTTP options should not include protocol (http:// or https://)");
        }
        if (HostPort.split(c.httpAddr()) == null) {
            throw CliExit.fatal("HTTP bind address not valid");
        }
        HostPort httpAdv = HostPort.split(c.httpAdvAddr());
        if (httpAdv == null) {
            throw CliExit.fatal("HTTP advertised HTTP address not valid");
        }
        if (httpAdv.isUnspecifiedIp()) {
            throw CliExit.fatal("advertised HTTP address is not routable (" + httpAdv.host()
                    + "), specify it via -http-addr or -http-adv-addr");
        }
        HostPort raft = HostPort.split(c.raftAddr());
        if (raft == null) {
            throw CliExit.fatal("raft bind address not valid");
        }
        if (raft.numericPort() == null) {
            throw CliExit.fatal("raft bind port not valid");
        }
        HostPort raftAdv = HostPort.split(c.raftAdvAddr());
        if (raftAdv == null) {
            throw CliExit.fatal("raft advertised address not valid");
        }
        if (raftAdv.isUnspecifiedIp()) {
            throw CliExit.fatal("advertised Raft address is not routable (" + raftAdv.host()
                    + "), specify it via -raft-addr or -raft-adv-addr");
        }
        if (raftAdv.numericPort() == null) {
            throw CliExit.fatal("raft advertised port is not valid");
        }
        if (c.raftAdvAddr().equals(c.httpAdvAddr())) {
            throw CliExit.fatal("advertised HTTP and Raft addresses must differ");
        }
    }

    private static void checkClustering(NodeConfig c) throws CliExit {
        if (c.bootstrapExpect() > 0 && c.raftNonVoter()) {
            throw CliExit.fatal("bootstrapping only applicable to voting nodes");
        }
        if (!c.join().isEmpty()) {
            for (String addr : c.join()) {
                if (HostPort.split(addr) == null) {
                    throw CliExit.fatal(addr + " is an invalid join address");
                }
                if (c.bootstrapExpect() == 0) {
                    if (addr.equals(c.raftAdvAddr()) || addr.equals(c.raftAddr())) {
                        throw CliExit.fatal("node cannot join with itself unless bootstrapping");
                    }
                    if (!c.autoRestore().isEmpty()) {
                        throw CliExit.fatal("auto-restoring cannot be used when joining a cluster");
                    }
                }
            }
            if (!c.discoMode().isEmpty()) {
                throw CliExit.fatal("disco mode cannot be used when also explicitly joining a cluster");
            }
        }
        if (!c.cdcConfig().isEmpty() && c.raftNonVoter()) {
            throw CliExit.fatal("CDC cannot be enabled on non-voting nodes");
        }
    }

    private static void checkOtlp(NodeConfig c) throws CliExit {
        requirePair(c.otlpCert(), c.otlpKey(), "otlp-cert", "otlp-key");
        boolean tlsOption = c.otlpNoVerify() || !c.otlpCaCert().isEmpty() || !c.otlpCert().isEmpty();
        if (c.otlpEndpoint().isEmpty()) {
            if (c.otlpInsecure() || tlsOption) {
                throw CliExit.fatal("OTLP options require -otlp-endpoint");
            }
            return;
        }
        if (c.otlpEndpoint().contains("://")) {
            throw CliExit.fatal("-otlp-endpoint must not include a protocol scheme");
        }
        if (HostPort.split(c.otlpEndpoint()) == null) {
            throw CliExit.fatal("-otlp-endpoint is not a valid address");
        }
        if (c.otlpInterval().isNegative() || c.otlpInterval().isZero()) {
            throw CliExit.fatal("-otlp-interval must be greater than zero");
        }
        if (c.otlpInsecure() && tlsOption) {
            throw CliExit.fatal("-otlp-insecure cannot be used with other OTLP TLS options");
        }
    }

    private static void checkDiscovery(NodeConfig c) throws CliExit {
        switch (c.discoMode()) {
            case "":
                break;
            case CONSUL_KV:
            case ETCD_KV:
                if (c.bootstrapExpect() > 0) {
                    throw CliExit.fatal("bootstrapping not applicable when using " + c.discoMode());
                }
                break;
            case DNS:
            case DNS_SRV:
                if (c.bootstrapExpect() == 0 && !c.raftNonVoter()) {
                    throw CliExit.fatal("bootstrap-expect value required when using " + c.discoMode()
                            + " with a voting node");
                }
                break;
            default:
                throw CliExit.fatal("disco mode must be one of " + CONSUL_KV + ", " + ETCD_KV + ", " + DNS + ", or "
                        + DNS_SRV);
        }
    }

    private static void requirePair(String a, String b, String flagA, String flagB) throws CliExit {
        if (a.isEmpty() != b.isEmpty()) {
            throw CliExit.fatal("either both -" + flagA + " and -" + flagB + " must be set, or neither");
        }
    }

    private static boolean startsWithHttp(String address) {
        return address.regionMatches(true, 0, "http", 0, 4);
    }
}
