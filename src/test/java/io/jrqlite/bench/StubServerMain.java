package io.jrqlite.bench;

/**
 * Runs {@link StubServer} on its own, to measure rqbench's client overhead against a server that does nothing:
 * {@code java -cp target/test-classes:target/classes io.jrqlite.bench.StubServerMain [threads]}, then
 * {@code scripts/rqbench -a <printed address> -n 0 -t 10s -c 16}. Not a test; surefire does not pick it up.
 */
final class StubServerMain {

    private StubServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        StubServer server = new StubServer(threads).recording(false);
        System.out.println(server.address());
        Thread.currentThread().join();
    }
}
