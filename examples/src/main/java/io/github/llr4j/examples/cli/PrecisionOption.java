package io.github.llr4j.examples.cli;

import io.github.llr4j.core.precision.Precision;
import io.github.llr4j.core.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --precision fp32|bf16} of the training commands. Checked against this CPU when read, so a
 * machine without bfloat16 hardware fails with one line before any data are loaded.
 */
public final class PrecisionOption {

  @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
      description = "fp32 (default) or bf16: convolutions and matrix products in bfloat16 through oneDNN, with"
          + " float32 weights, batch-norm statistics, loss and reshaping; needs AVX512-BF16 or AMX-BF16")
  String precision;

  /** The precision asked for, refused (one line) when this CPU cannot run it. */
  Precision value() {
    Precision p = parse(precision);
    p.requireSupported();
    return p;
  }

  /** Sets the precision on each run's configuration (a run plan's trainer options). */
  Consumer<TrainerConfig.Builder> options() {
    Precision p = value();
    return builder -> builder.precision(p);
  }

  /** A comma-separated list such as {@code fp32,bf16} (bench), each checked against this CPU. */
  static List<Precision> list(String text) {
    List<Precision> out = new ArrayList<>();
    for (String name : Args.names("--precision", text)) {
      Precision p = parse(name);
      if (out.contains(p)) throw new IllegalArgumentException("--precision must name each precision once, got '" + text + "'");
      p.requireSupported();
      out.add(p);
    }
    return out;
  }

  private static Precision parse(String name) {
    try {
      return Precision.parse(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--precision must be fp32 or bf16, got '" + name + "'");
    }
  }
}
