package io.jrqlite.store;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.core.NodeImpl;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a follower last heard from its leader. SOFAJRaft keeps this ({@code NodeImpl.lastLeaderTimestamp}, on its
 * monotonic millisecond clock) to decide elections but does not publish it, so it is read reflectively; if a future
 * jraft renames the field, every follower read with {@code freshness} is refused as stale rather than served.
 */
final class LeaderContact {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderContact.class);
    private static final Field FIELD = find();

    private LeaderContact() {
    }

    private static Field find() {
        try {
            Field f = NodeImpl.class.getDeclaredField("lastLeaderTimestamp");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot read the time of last leader contact ({}): freshness reads on followers are refused",
                    e.toString());
            return null;
        }
    }

    /** The monotonic time in ms of the last message from a leader, or 0 when unknown. */
    static long lastMillis(Node node) {
        if (FIELD == null || !(node instanceof NodeImpl)) {
            return 0;
        }
        try {
            return FIELD.getLong(node);
        } catch (IllegalAccessException e) {
            return 0;
        }
    }
}
