package io.github.llr4j.examples.cli;

import io.github.llr4j.core.dist.AllReduceTiming;
import io.github.llr4j.core.dist.Replica;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j bench allreduce}: the per-step communication of data-parallel training measured
 * alone (the gradient all-reduce of a model's size), on a cluster or {@code --local-workers N}.
 */
@Command(name = "allreduce", mixinStandardHelpOptions = true,
    description = {"Median and p90 ms of one data-parallel gradient all-reduce of --floats float32 values",
        "(default: ResNet-20's 269,434 parameters for 10 classes), and the bytes each worker sends",
        "(ring all-reduce: 2 (N-1)/N of the payload). Needs --cluster/--rank or --local-workers N."})
public final class BenchAllReduceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--floats", defaultValue = "269434", description = "values per all-reduce (default ${DEFAULT-VALUE})")
  int floats;

  @Option(names = "--runs", defaultValue = "50", description = "timed all-reduces (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmup", defaultValue = "5", description = "untimed all-reduces first (default ${DEFAULT-VALUE})")
  int warmup;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (cluster.launchesLocalWorkers())
      return LocalWorkers.run(cluster.localWorkers, spec.commandLine().getParseResult().originalArgs(),
          cluster.timeoutSeconds, out, spec.commandLine().getErr());
    Replica replica = cluster.replica();
    if (replica == null) throw new IllegalArgumentException("bench allreduce needs --cluster and --rank, or --local-workers N");
    AllReduceTiming.Timing t = AllReduceTiming.measure(replica, floats, warmup, runs);
    out.printf(Locale.ROOT, "worker %d of %d: all-reduce of %,d floats (%.2f MB), %.2f MB sent per worker:"
            + " median %.2f ms, p90 %.2f ms over %d runs%n", replica.cluster().rank(), replica.cluster().size(),
        t.floats(), t.floats() * 4 / 1e6, t.bytesSent() / 1e6, t.medianMs(), t.p90Ms(), t.runs());
    out.flush();
    return 0;
  }
}
