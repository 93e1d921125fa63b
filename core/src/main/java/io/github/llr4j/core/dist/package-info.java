/**
 * Synchronous data-parallel training on TensorFlow's own distributed runtime: every worker process
 * runs a TensorFlow gRPC server ({@link org.tensorflow.Server}, job {@code worker}, one task per
 * process), builds the same training graph, and runs it in a session on its own server. Gradients
 * and the loss are combined with TensorFlow's collective all-reduce ({@code CollectiveReduce},
 * ring implementation over gRPC); there is no networking of our own.
 *
 * <p>Why collectives and not a parameter server: both need a session whose target is a server,
 * which TF-Java 1.0.0 does not offer publicly ({@link io.github.llr4j.core.dist.RemoteSession}
 * says how it is obtained). With that, the all-reduce worked on the first try between two servers
 * (one JVM and two JVMs), and it keeps every worker symmetric: each reads its own data, holds its
 * own copy of the weights and applies the same update, so a step needs one exchange of the
 * gradient (2 (N-1)/N of its size sent per worker) instead of a pull of all weights and a push of
 * all gradients through one task. A parameter-server step would also need a synchronisation
 * barrier (TF1's SyncReplicasOptimizer: accumulators and token queues) that TF-Java does not wrap.
 *
 * <p>What is per worker: batch-norm statistics (as PyTorch DDP without SyncBatchNorm) and the
 * dropout masks (the step seed of worker r is offset by r, so shards do not share one mask
 * pattern; with dropout, N workers equal one process in distribution, not bit for bit). The
 * evaluation and L0 run on the whole data on every worker (no communication, the same result).
 * TensorFlow's gRPC server has no authentication and listens on all interfaces: run clusters
 * on a trusted network only. What is global:
 * the mean loss L, hence L0 in first-epoch mode, x = L/L0 and f'(x); the averaged gradient; the
 * update. Session creation is restricted to the own task (a device filter), so a missing worker
 * cannot block it; every collective has a timeout, after which the step fails with a message that
 * names the workers whose servers do not answer. One wait has no working timeout in TensorFlow: a
 * worker of rank > 0 whose rank 0 is gone before its collective reaches it (gRPC retries rank 0
 * for ever); {@link io.github.llr4j.core.dist.ChiefWatchdog} probes rank 0 during such waits and
 * hands the failure to a handler that ends the process by default. TF-Java cannot stop a server, so
 * it lives until the process exits.
 *
 * <p>Every run starts with {@link io.github.llr4j.core.dist.ChiefBroadcast}: rank 0's variables and
 * resume point go to every worker over the same collective, so a cluster resumes from rank 0's
 * checkpoint without a shared file system. {@link io.github.llr4j.core.dist.DeviceReplicas} runs
 * the same protocol between devices of one process ({@link io.github.llr4j.core.dist.GradientExchange}
 * is what both kinds of replica provide to the training step).
 *
 * <p>{@link io.github.llr4j.core.dist.ClusterMailbox} carries small messages between the workers
 * over the same all-reduce, for work that is not one synchronous training (the CLI's compare
 * sweep: each run on one worker, the results gathered by rank 0), and keeps the liveness checks.
 */
package io.github.llr4j.core.dist;
