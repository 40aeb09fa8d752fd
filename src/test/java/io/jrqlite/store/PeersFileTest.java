package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersFileTest {

    private static java.util.List<PeersFile.Peer> parse(String json) throws IOException {
        return PeersFile.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsRqlitesFormat() throws IOException {
        var peers = parse("[{\"id\":\"1\",\"address\":\"10.0.0.1:4002\",\"non_voter\":false},"
                + "{\"id\":\"2\",\"address\":\"10.0.0.2:4002\"},"
                + "{\"id\":\"3\",\"address\":\"10.0.0.3:4002\",\"non_voter\":true,\"extra\":[1]}]");
        assertThat(peers).containsExactly(new PeersFile.Peer("1", "10.0.0.1:4002", false),
                new PeersFile.Peer("2", "10.0.0.2:4002", false), new PeersFile.Peer("3", "10.0.0.3:4002", true));
        var conf = PeersFile.toConfiguration(peers);
        assertThat(conf.getPeers()).hasSize(2);
        assertThat(conf.getLearners()).hasSize(1);
    }

    @Test
    void refusesWhatCannotBeAConfiguration() {
        assertThatThrownBy(() -> parse("{}")).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("[{\"id\":\"1\"}]")).hasMessageContaining("address");
        assertThatThrownBy(() -> parse("[{\"id\":1,\"address\":\"h:1\"}]")).hasMessageContaining("id must be");
        assertThatThrownBy(() -> parse("[{\"id\":\"1\",\"address\":\"h:1\",\"non_voter\":\"no\"}]"))
                .hasMessageContaining("non_voter");
        assertThatThrownBy(() -> parse("[{\"id\":\"1\",\"address\":\"h:1\",\"non_voter\":true}]"))
                .hasMessageContaining("no voter");
        assertThatThrownBy(() -> parse("[{\"id\":\"1\",\"address\":\"h:x\"}]")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> parse("[{\"id\":\"1\",")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("[] []")).hasMessageContaining("after the array");
    }

    @Test
    void anAppliedFileIsRenamed(@TempDir Path dir) throws IOException {
        Path file = PeersFile.in(dir);
        Files.writeString(file, "[]");
        PeersFile.markApplied(file);
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("peers.info")).hasContent("[]");
    }
}
