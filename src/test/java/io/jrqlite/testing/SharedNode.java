package io.jrqlite.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node shared by the tests of a class: started before them, stopped and its data directory deleted after. Use as
 * {@code @RegisterExtension static final SharedNode node = new SharedNode(flags...);}. Its address is fixed when the
 * extension is made, so an {@link Api} can be taken from it in a static initializer.
 */
public final class SharedNode implements BeforeAllCallback, AfterAllCallback {

    private final String[] flags;
    private final int httpPort = FreePorts.next();
    private final int raftPort = FreePorts.next();
    private Path dir;
    private TestNode node;

    public SharedNode(String... flags) {
        this.flags = flags;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("jrqlite-it-");
        node = TestNode.start(dir, httpPort, raftPort, flags);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (node != null) {
            node.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public Api api() {
        return new Api(httpAddress());
    }

    public String httpAddress() {
        return "127.0.0.1:" + httpPort;
    }

    public String raftAddress() {
        return "127.0.0.1:" + raftPort;
    }
}
