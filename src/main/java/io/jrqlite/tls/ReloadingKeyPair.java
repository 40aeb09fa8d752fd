package io.jrqlite.tls;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a certificate and key file pair makes (TLS contexts), made again when the files change: they are read every
 * second and, when their content differs and still builds, the new result replaces the current one. Users take
 * {@link #current()} for each new connection, so open connections keep what they started with. A pair that does not
 * build is reported once and the previous result kept.
 *
 * @param <T> what is built from the PEM contents
 */
public final class ReloadingKeyPair<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyPair.class);

    /** Builds from the certificate chain and key contents; throws naming the file that is wrong. */
    public interface Builder<T> {
        T build(byte[] certPem, byte[] keyPem) throws IOException;
    }

    private final String what;
    private final Path certFile;
    private final Path keyFile;
    private final Builder<T> builder;
    private final AtomicReference<T> current = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    /** The contents last tried, so a bad pair is reported once and tried again only when a file changes again. */
    private byte[] seenCert;
    private byte[] seenKey;

    private ReloadingKeyPair(String what, Path certFile, Path keyFile, Builder<T> builder) {
        this.what = what;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.builder = builder;
        this.watcher = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory(
                what.toLowerCase(Locale.ROOT).replace(' ', '-') + "-reload", true));
    }

    /**
     * Builds from the files now and starts watching them.
     *
     * @param what names the use in log lines and the watcher thread, e.g. {@code HTTPS}
     * @throws IOException when the files cannot be read or do not build
     */
    public static <T> ReloadingKeyPair<T> start(String what, String certFile, String keyFile, Builder<T> builder)
            throws IOException {
        ReloadingKeyPair<T> pair = new ReloadingKeyPair<>(what, Path.of(certFile), Path.of(keyFile), builder);
        byte[] cert = Files.readAllBytes(pair.certFile);
        byte[] key = Files.readAllBytes(pair.keyFile);
        pair.current.set(builder.build(cert, key));
        pair.seenCert = cert;
        pair.seenKey = key;
        pair.watcher.scheduleWithFixedDelay(pair::reloadIfChanged, 1, 1, TimeUnit.SECONDS);
        return pair;
    }

    /** What the files made last time they built. */
    public T current() {
        return current.get();
    }

    private void reloadIfChanged() {
        try {
            byte[] cert = Files.readAllBytes(certFile);
            byte[] key = Files.readAllBytes(keyFile);
            if (Arrays.equals(cert, seenCert) && Arrays.equals(key, seenKey)) {
                return;
            }
            seenCert = cert;
            seenKey = key;
            current.set(builder.build(cert, key));
            LOG.info("{} certificate and key reloaded from {} and {}", what, certFile, keyFile);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} certificate not reloaded, still using the previous one: {}", what, e.getMessage());
        }
    }

    /** Stops watching; a reload under way finishes (interrupting its file reads would only log a false alarm). */
    @Override
    public void close() {
        watcher.shutdown();
    }
}
