package io.github.llr4j.examples.cli;

import io.github.llr4j.core.dist.ClusterSpec;
import io.github.llr4j.core.dist.Replica;
import io.github.llr4j.core.run.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The cluster options of {@code llr4j train} and {@code compare}: {@code --cluster} and {@code
 * --rank} make this process one worker of a synchronous data-parallel run (see {@link
 * io.github.llr4j.core.dist}) or of a compare sweep ({@link CompareSweep}); {@code --local-workers
 * N} starts N such processes on this machine ({@link LocalWorkers}).
 */
public final class ClusterOptions {

  /** The command this mixin belongs to: its name prefixes the line of a lost rank 0. */
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--cluster", paramLabel = "HOST:PORT,...",
      description = "every worker's address, in rank order (the same list on every worker); train: data-parallel,"
          + " each worker trains on its share of every batch, gradients are all-reduced (every --task); compare:"
          + " each (method, seed) run trains on one worker, rank 0 gathers the rows")
  String cluster;

  @Option(names = "--rank", paramLabel = "I", description = "with --cluster: this worker's index in the list (0 writes --out)")
  Integer rank;

  @Option(names = "--local-workers", paramLabel = "N",
      description = "start N workers on this machine (free localhost ports) and wait for them")
  Integer localWorkers;

  @Option(names = "--dist-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "how long a worker waits for the others before it stops naming the missing ones (default 60)")
  int timeoutSeconds;

  /** True when any data-parallel option is given (checked before --local-workers starts anything). */
  boolean given() {
    return cluster != null || rank != null || localWorkers != null;
  }

  /** True when this process should start the local workers instead of training. */
  boolean launchesLocalWorkers() {
    if (localWorkers == null) return false;
    if (cluster != null || rank != null)
      throw new IllegalArgumentException("--local-workers picks its own --cluster and --rank; drop them");
    if (localWorkers < 2) throw new IllegalArgumentException("--local-workers must be >= 2, got " + localWorkers);
    if (timeoutSeconds < 1) throw new IllegalArgumentException("--dist-timeout must be >= 1 s, got " + timeoutSeconds);
    return true;
  }

  /** This process's replica (its TensorFlow server started), or null without --cluster. */
  Replica replica() {
    if (cluster == null) {
      if (rank != null) throw new IllegalArgumentException("--rank needs --cluster");
      return null;
    }
    if (rank == null) throw new IllegalArgumentException("--cluster needs --rank I (this worker's index in the list)");
    if (timeoutSeconds < 1) throw new IllegalArgumentException("--dist-timeout must be >= 1 s, got " + timeoutSeconds);
    // a lost rank 0 blocks this worker's step in native code for good: the process ends with the
    // same line and exit code as the other stopped runs (CliErrors), its shutdown hooks deleting the temporary folder
    return Replica.join(ClusterSpec.parse(cluster, rank), Duration.ofSeconds(timeoutSeconds),
        Replica.exitProcess(command.qualifiedName() + ": "));
  }

  /**
   * The run folder of this worker: {@code dir} for the chief; for the others a fresh temporary
   * folder, deleted on close (and at JVM exit, e.g. on Ctrl-C), which their task locks and labels
   * although the chief writes all results.
   */
  static WorkerFolder folderFor(Replica replica, Path dir) {
    if (replica == null || replica.isChief()) return new WorkerFolder(dir, null);
    try {
      Path tmp = Files.createTempDirectory("llr4j-worker" + replica.cluster().rank() + "-");
      return new WorkerFolder(tmp.resolve("run"), tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for worker " + replica.cluster().rank(), e);
    }
  }

  /** A worker's run folder; {@code scratch} (null on the chief) is deleted with everything in it on close. */
  static final class WorkerFolder implements AutoCloseable {
    private final Path run;
    private final Path scratch;
    private final Thread atExit;

    WorkerFolder(Path run, Path scratch) {
      this.run = run;
      this.scratch = scratch;
      this.atExit = scratch == null ? null : new Thread(this::delete, "delete-worker-folder");
      if (atExit != null) Runtime.getRuntime().addShutdownHook(atExit);
    }

    Path run() { return run; }

    @Override
    public void close() {
      if (scratch == null) return;
      delete();
      try {
        Runtime.getRuntime().removeShutdownHook(atExit);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook deletes (again, harmlessly)
      }
    }

    private void delete() {
      try {
        FileTrees.delete(scratch);
      } catch (IOException e) {
        System.err.println("llr4j train: could not delete the worker's temporary folder " + scratch + ": " + e.getMessage());
      }
    }
  }
}
