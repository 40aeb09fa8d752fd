package io.jrqlite.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A {@code host:port} string split the way Go's {@code net.SplitHostPort} does it: purely textual, port after
 * the last colon, IPv6 hosts in brackets. Nothing is resolved, so {@code http://nonsense} splits into host
 * {@code http} and port {@code //nonsense}, exactly as rqlite accepts it.
 */
record HostPort(String host, String port) {

    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    /** Splits, or returns null where Go's {@code net.SplitHostPort} fails. */
    static HostPort split(String hostport) {
        int colon = hostport.lastIndexOf(':');
        if (colon < 0) {
            return null; // missing port
        }
        String host;
        int noOpenFrom = 0;
        int noCloseFrom = 0;
        if (hostport.charAt(0) == '[') {
            int end = hostport.indexOf(']');
            if (end < 0 || end + 1 != colon) {
                return null; // missing ']', missing port, or too many colons
            }
            host = hostport.substring(1, end);
            noOpenFrom = 1;
            noCloseFrom = end + 1;
        } else {
            host = hostport.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                return null; // too many colons
            }
        }
        if (hostport.indexOf('[', noOpenFrom) >= 0 || hostport.indexOf(']', noCloseFrom) >= 0) {
            return null;
        }
        return new HostPort(host, hostport.substring(colon + 1));
    }

    /**
     * Whether the host is an IP literal for "any address" ({@code 0.0.0.0}, {@code ::} and their spellings), which
     * no other node could reach. Host names are never looked up.
     */
    boolean isUnspecifiedIp() {
        if (host.equals("0.0.0.0")) {
            return true; // Go accepts no other spelling of the IPv4 zero address
        }
        if (host.indexOf(':') < 0 || !IPV6_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            // A string with a colon is parsed as an IPv6 literal, never resolved.
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The port as Go's {@code strconv.Atoi} reads it, or null when it is not a decimal number. */
    Long numericPort() {
        try {
            return GoStrconv.atoi(port);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
