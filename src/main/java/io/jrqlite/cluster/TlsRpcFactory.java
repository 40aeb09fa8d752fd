package io.jrqlite.cluster;

import com.alipay.remoting.config.BoltClientOption;
import com.alipay.remoting.config.BoltServerOption;
import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.BoltRaftRpcFactory;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcClient;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcServer;
import com.alipay.sofa.jraft.util.Endpoint;
import com.alipay.sofa.jraft.util.SPI;

/**
 * jraft's Bolt RPC factory, with node-to-node TLS when {@link NodeTls} is on. jraft finds its RPC factory through
 * {@code META-INF/services} and takes the one of highest priority, so this one replaces Bolt's for Raft, snapshots
 * and {@link ClusterClient} alike. Both Bolt objects are configured before jraft starts them.
 */
@SPI(priority = 100)
public final class TlsRpcFactory extends BoltRaftRpcFactory {

    @Override
    public RpcClient createRpcClient(ConfigHelper<RpcClient> helper) {
        RpcClient client = super.createRpcClient(helper);
        NodeTls tls = NodeTls.active();
        if (tls != null) {
            ((BoltRpcClient) client).getRpcClient()
                    .option(BoltClientOption.EXTENDED_NETTY_CHANNEL_HANDLER, NodeTlsPipeline.dialling(tls));
        }
        return client;
    }

    @Override
    public RpcServer createRpcServer(Endpoint endpoint, ConfigHelper<RpcServer> helper) {
        RpcServer server = super.createRpcServer(endpoint, helper);
        NodeTls tls = NodeTls.active();
        if (tls != null) {
            ((BoltRpcServer) server).getServer()
                    .option(BoltServerOption.EXTENDED_NETTY_CHANNEL_HANDLER, NodeTlsPipeline.accepting(tls));
        }
        return server;
    }
}
