package io.jrqlite.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The node under test: the host:port as given (for the Host header and TLS server name), its resolved addresses and
 * whether it speaks HTTPS. Resolution happens once, here, so the loopback check and the connections see the same
 * addresses.
 */
record Target(String host, int port, List<InetAddress> addresses, boolean https) {

    static final int DEFAULT_PORT = 4001;

    /** Parses {@code host:port}, {@code [v6]:port}, a bare host, or any of those behind http:// or https://. */
    static Target resolve(String address, boolean allowRemote) throws BenchConfig.UsageException {
        String a = address.strip();
        boolean https = a.startsWith("https://");
        if (https) {
            a = a.substring("https://".length());
        } else if (a.startsWith("http://")) {
            a = a.substring("http://".length());
        }
        if (a.contains("://")) {
            throw new BenchConfig.UsageException("unsupported scheme in address \"" + address
                    + "\": use http:// or https://");
        }
        if (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        String host;
        String portText = null;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                throw new BenchConfig.UsageException("invalid address \"" + address + "\": missing ]");
            }
            host = a.substring(1, close);
            String rest = a.substring(close + 1);
            if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new BenchConfig.UsageException("invalid address \"" + address + "\"");
            }
        } else if (a.indexOf(':') != a.lastIndexOf(':')) {
            host = a; // a bare IPv6 literal
        } else {
            int colon = a.indexOf(':');
            host = colon < 0 ? a : a.substring(0, colon);
            portText = colon < 0 ? null : a.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new BenchConfig.UsageException("invalid address \"" + address + "\": no host");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new BenchConfig.UsageException("invalid port in address \"" + address + "\"");
            }
        }
        List<InetAddress> resolved;
        try {
            resolved = List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new BenchConfig.UsageException("cannot resolve host \"" + host + "\"");
        }
        if (!allowRemote) {
            for (InetAddress ia : resolved) {
                if (!ia.isLoopbackAddress()) {
                    throw new BenchConfig.UsageException("refusing to load non-loopback target " + address
                            + " (" + ia.getHostAddress() + "): only 127.0.0.0/8 and ::1 are allowed;"
                            + " pass -allow-remote to override");
                }
            }
        }
        return new Target(host, port, resolved, https);
    }

    /** The Host header value. */
    String hostHeader() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    String url(String pathAndQuery) {
        return (https ? "https://" : "http://") + hostHeader() + pathAndQuery;
    }
}
