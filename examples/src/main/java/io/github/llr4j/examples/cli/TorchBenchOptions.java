package io.github.llr4j.examples.cli;

import picocli.CommandLine.Option;

/**
 * Options of the benches that compare with a PyTorch reference ({@code bench attack}, {@code bench
 * text}): whether it runs, its thread count, the standalone timing after the interleaved rounds,
 * warm-up and seed.
 */
final class TorchBenchOptions {

  @Option(names = "--torch", description = "also time the same work in PyTorch (needs python3-torch)")
  boolean torch;

  @Option(names = "--torch-threads", paramLabel = "N",
      description = "PyTorch's intra-op threads (torch.set_num_threads; default: one per core, as TensorFlow's pools)")
  Integer torchThreads;

  @Option(names = "--standalone", defaultValue = "0", paramLabel = "N",
      description = "after the rounds, time each variant alone for N steps (default 0: not)")
  int standalone;

  @Option(names = "--warmup", defaultValue = "2", description = "untimed steps each (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
  long seed;

  /** PyTorch's threads: one per core unless {@code --torch-threads} (>= 1) says otherwise. */
  int torchThreads() {
    if (torchThreads == null) return Runtime.getRuntime().availableProcessors();
    if (torchThreads < 1) throw new IllegalArgumentException("--torch-threads must be >= 1, got " + torchThreads);
    return torchThreads;
  }

  /** Refuses a negative --warmup or --standalone. */
  void check() {
    if (warmup < 0 || standalone < 0)
      throw new IllegalArgumentException("--warmup and --standalone must be >= 0, got " + warmup + " and " + standalone);
  }
}
