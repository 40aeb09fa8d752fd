package io.jrqlite.store;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.error.RaftError;
import io.jrqlite.command.BatchResult;
import java.util.concurrent.CompletableFuture;

/**
 * Carries the result of one proposed log entry back to its caller. The state machine sets the result before
 * running the closure; a failure to commit (lost leadership, shutdown) runs it with an error status.
 */
final class ApplyClosure implements Closure {

    final CompletableFuture<BatchResult> future = new CompletableFuture<>();
    private BatchResult result;

    void setResult(BatchResult result) {
        this.result = result;
    }

    @Override
    public void run(Status status) {
        if (status.isOk() && result != null) {
            future.complete(result);
        } else {
            future.completeExceptionally(toException(status));
        }
    }

    static StoreException toException(Status status) {
        RaftError error = status.getRaftError();
        if (error == RaftError.EPERM) {
            return new StoreException(StoreException.NOT_LEADER);
        }
        if (error == RaftError.ESHUTDOWN || error == RaftError.ENODESHUTDOWN) {
            return new StoreException(StoreException.NOT_OPEN);
        }
        return new StoreException(status.getErrorMsg() == null ? String.valueOf(error) : status.getErrorMsg());
    }
}
