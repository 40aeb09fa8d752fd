package io.jrqlite.http;

import io.jrqlite.auth.BasicAuth;
import io.jrqlite.auth.CredentialStore;
import io.jrqlite.queue.WriteQueue;
import io.jrqlite.sql.StatementRewriter;
import io.jrqlite.store.Store;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: a Netty server whose routes are rqlite's. */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_INITIAL_LINE = 1024 * 1024;
    private static final int MAX_HEADER_SIZE = 64 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final ExecutorService worker;
    /** Writes uploaded bodies to disk, off the event loops. */
    private final ExecutorService spoolWriter;
    private final UploadSpooler.FileSource uploads;
    private final ApiChannelHandler handler;
    private final TooLargeHeaders tooLargeHeaders;
    private final int maxBodyBytes;
    /** Null for plain HTTP. */
    private final ServerTls tls;
    /** Whether an upload's sender may load: others are not written to disk, and get their 401 as usual. */
    private final Predicate<HttpRequest> uploadAllowed;
    private Channel channel;

    /**
     * @param maxBodyBytes largest request body accepted (413 above it); 0 means the largest a Java array can hold
     * @param users        the {@code -auth} users whose credentials requests must carry; null: no authentication
     * @param tls          HTTPS, or null for plain HTTP; closed with the server
     */
    public HttpServer(Store store, WriteQueue queue, NodeInfo node, long maxBodyBytes, CredentialStore users,
            ServerTls tls) {
        this.tls = tls;
        this.uploads = () -> store.newTempFile("upload-");
        boolean epoll = Epoll.isAvailable();
        this.boss = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("http-accept", true))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("http-accept", true));
        this.workers = epoll ? new EpollEventLoopGroup(2, new DefaultThreadFactory("http-io", true))
                : new NioEventLoopGroup(2, new DefaultThreadFactory("http-io", true));
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.worker = Executors.newFixedThreadPool(2, new DefaultThreadFactory("http-worker", true));
        this.spoolWriter = Executors.newSingleThreadExecutor(new DefaultThreadFactory("http-upload", true));
        this.maxBodyBytes = maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8
                ? Integer.MAX_VALUE - 8 : (int) maxBodyBytes;

        HttpCounters counters = new HttpCounters();
        HttpAuth auth = new HttpAuth(users, counters);
        this.uploadAllowed = request -> auth.wouldPermit(UploadSpooler.pathOf(request.uri()),
                BasicAuth.parse(request.headers().get(HttpHeaderNames.AUTHORIZATION)));
        StatementReader reader = new StatementReader(new StatementRewriter());
        StatusEndpoint status = new StatusEndpoint(store, queue, node, worker, counters, auth.enabled());
        NodesEndpoint nodes = new NodesEndpoint(store, node);
        Router router = new Router()
                .exact("/", new ConsoleEndpoint())
                .exact("/boot", new BootEndpoint(store, worker))
                .exact("/snapshot", new SnapshotEndpoint(store, counters))
                .exact("/reap", new ReapEndpoint(store, counters))
                .exact("/leader", new LeaderEndpoint(store, nodes))
                .exact("/licenses", new LicensesEndpoint())
                .exact("/debug/vars", new DebugVarsEndpoint(store, queue, counters, node))
                .prefix("/db/execute", new ExecuteEndpoint(store, queue, reader, counters))
                .prefix("/db/query", new QueryEndpoint(store, reader, counters))
                .prefix("/db/request", new RequestEndpoint(store, reader, counters))
                .prefix("/db/backup", new BackupEndpoint(store, counters))
                .prefix("/db/load", new LoadEndpoint(store, counters, worker, this.maxBodyBytes))
                .prefix("/db/sql", new SqlEndpoint(reader))
                .prefix("/console", new ConsoleEndpoint())
                .prefix("/remove", new RemoveEndpoint(store))
                .prefix("/status", status)
                .prefix("/nodes", nodes)
                .prefix("/readyz", new ReadyzEndpoint(store, worker))
                .prefix("/debug/pprof", new PprofEndpoint(node));
        ResponseHeaders headers = new ResponseHeaders(node.version(), node.allowOrigin(), node.httpAdvertised(),
                auth.enabled());
        this.handler = new ApiChannelHandler(router, headers, worker, auth);
        this.tooLargeHeaders = new TooLargeHeaders(headers);
    }

    /** Binds and starts serving; returns the bound address (useful with port 0). */
    public InetSocketAddress start(String bindAddress) throws InterruptedException {
        InetSocketAddress address = socketAddress(bindAddress);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls == null) {
                            addHttp1(ch.pipeline());
                        } else {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()))
                                    .addLast(new AlpnSwitch(HttpServer.this::addHttp1, HttpServer.this::addApi));
                        }
                    }
                });
        channel = bootstrap.bind(address).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        LOG.info("HTTP{} API listening on {}", tls == null ? "" : "S", bound);
        return bound;
    }

    private void addHttp1(ChannelPipeline pipeline) {
        pipeline.addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 64 * 1024));
        addApi(pipeline);
    }

    private void addApi(ChannelPipeline pipeline) {
        pipeline.addLast(tooLargeHeaders)
                .addLast(new UploadSpooler(uploads, spoolWriter, uploadAllowed))
                .addLast(new HttpObjectAggregator(maxBodyBytes, true))
                .addLast(new ChunkedWriteHandler())
                .addLast(handler);
    }

    static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        worker.shutdownNow();
        spoolWriter.shutdownNow();
        if (tls != null) {
            tls.close();
        }
    }
}
