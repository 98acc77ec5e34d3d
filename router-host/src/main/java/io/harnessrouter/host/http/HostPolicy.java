package io.harnessrouter.host.http;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/**
 * Which {@code Host} and {@code Origin} headers a request may carry, against DNS rebinding (a web
 * page whose name now resolves to 127.0.0.1 sends {@code Host: evil.example}) and cross-site
 * requests from a browser (a page on another origin sends its {@code Origin}). The MCP SDK checks
 * neither by default.
 *
 * <p>A Host is accepted when its name is a loopback name ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}) or the bound address, and its port, if given, is the server's; on a wildcard
 * bind ({@code 0.0.0.0}, {@code ::}) also this machine's interface addresses and host name. An
 * Origin, when present, must be {@code http://} with an accepted host and port; {@code null} or
 * any other origin is refused. Requests without an Origin (every non-browser client) pass.
 *
 * <p>Immutable; thread-safe.
 */
final class HostPolicy {
    private final Set<String> names;
    private final IntSupplier port;

    /** @param port the server's port, read per request (it is known only once bound when 0 was asked) */
    HostPolicy(Set<String> names, IntSupplier port) {
        this.names = Set.copyOf(names);
        this.port = port;
    }

    /** The policy for a server bound to {@code bind} on {@code port}. */
    static HostPolicy forBind(String bind, IntSupplier port) {
        Set<String> names = new TreeSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        String b = normalise(bind);
        if (isWildcard(b)) {
            names.addAll(localNames());
        } else {
            names.add(b);
        }
        return new HostPolicy(names, port);
    }

    /** The names accepted, for messages. */
    Set<String> names() {
        return names;
    }

    /** Whether a {@code Host} header value is this server. */
    boolean hostAllowed(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        return authorityAllowed(host.strip());
    }

    /** Whether an {@code Origin} header (when present) is one of this server's own origins. */
    boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        try {
            URI uri = new URI(origin.strip());
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
                return false;
            }
            String authority = uri.getRawAuthority();
            return authorityAllowed(uri.getPort() == -1 ? authority + ":80" : authority);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private boolean authorityAllowed(String authority) {
        String name = authority;
        Optional<Integer> givenPort = Optional.empty();
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            name = authority.substring(0, colon);
            try {
                givenPort = Optional.of(Integer.parseInt(authority.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return names.contains(normalise(name)) && givenPort.map(p -> p == port.getAsInt()).orElse(true);
    }

    static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("[::]") || bind.equals("::") || bind.equals("[::0]");
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.contains(":") && !n.startsWith("[") ? "[" + n + "]" : n;
    }

    private static Set<String> localNames() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(normalise(zone < 0 ? text : text.substring(0, zone)));
                }
            }
        } catch (SocketException e) {
            // No interfaces to add: loopback names still work.
        }
        try {
            InetAddress local = InetAddress.getLocalHost();
            out.add(normalise(local.getHostName()));
            out.add(normalise(local.getCanonicalHostName()));
        } catch (UnknownHostException e) {
            // No host name: addresses still work.
        }
        return out;
    }
}
