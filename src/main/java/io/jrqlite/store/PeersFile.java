package io.jrqlite.store;

import com.alipay.sofa.jraft.conf.Configuration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <data>/raft/peers.json}: the operator's way out of a lost quorum, in rqlite's format, a JSON array of
 * {@code {"id": "...", "address": "host:port", "non_voter": false}}. At start it replaces the stored configuration;
 * then it is renamed {@code peers.info} so the next start does not apply it again.
 */
final class PeersFile {

    static final String NAME = "peers.json";
    static final String DONE_NAME = "peers.info";

    /** One member as the file lists it. */
    record Peer(String id, String address, boolean nonVoter) {
    }

    private PeersFile() {
    }

    static Path in(Path raftDir) {
        return raftDir.resolve(NAME);
    }

    /** The members the file lists; fails with a message that names what is wrong. */
    static List<Peer> parse(byte[] json) throws IOException {
        List<Peer> peers = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("peers.json must hold a JSON array");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("peers.json: each member must be a JSON object");
                }
                peers.add(parsePeer(p));
            }
            if (p.nextToken() != null) {
                throw new IOException("peers.json: unexpected data after the array");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("peers.json is not valid JSON: " + e.getOriginalMessage());
        }
        if (peers.stream().noneMatch(peer -> !peer.nonVoter())) {
            throw new IOException("peers.json names no voter");
        }
        return peers;
    }

    private static Peer parsePeer(JsonParser p) throws IOException {
        String id = null;
        String address = null;
        boolean nonVoter = false;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> id = stringValue(p, value, name);
                case "address" -> address = stringValue(p, value, name);
                case "non_voter" -> {
                    if (!value.isBoolean()) {
                        throw new IOException("peers.json: non_voter must be true or false");
                    }
                    nonVoter = p.getBooleanValue();
                }
                default -> p.skipChildren();
            }
        }
        if (id == null || id.isEmpty() || address == null || !address.contains(":")) {
            throw new IOException("peers.json: each member needs an id and an address host:port");
        }
        RaftStore.parseEndpoint(address); // a bad port fails here, with the file named by the caller
        return new Peer(id, address, nonVoter);
    }

    private static String stringValue(JsonParser p, JsonToken value, String name) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IOException("peers.json: " + name + " must be a string");
        }
        return p.getText();
    }

    /** The file's members as jraft's configuration. */
    static Configuration toConfiguration(List<Peer> peers) {
        Configuration conf = new Configuration();
        for (Peer peer : peers) {
            if (peer.nonVoter()) {
                conf.addLearner(Membership.peerOf(peer.address()));
            } else {
                conf.addPeer(Membership.peerOf(peer.address()));
            }
        }
        return conf;
    }

    static void markApplied(Path file) throws IOException {
        Files.move(file, file.resolveSibling(DONE_NAME), StandardCopyOption.REPLACE_EXISTING);
    }
}
