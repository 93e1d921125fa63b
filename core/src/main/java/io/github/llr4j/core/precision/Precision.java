package io.github.llr4j.core.precision;

import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The precision a session computes in.
 *
 * <p>{@link #BF16} turns on TensorFlow's grappler pass {@code auto_mixed_precision_onednn_bfloat16}
 * (RewriterConfig field of TF-Java 1.0.0's {@code ConfigProto}): when the session first runs a set
 * of fetches it casts the inputs of the listed compute ops (Conv2D and its two gradients, MatMul,
 * BatchMatMul) to bfloat16, runs the ops between them that are safe in bfloat16 (ReLU, Add, BiasAdd,
 * FusedBatchNormV3 and its gradient, whose statistics stay float32 through the op's {@code U}
 * type) in bfloat16 too, and casts back to float32 before anything on its deny list (softmax,
 * cross-entropy, exp, log, means and sums of the loss). So the variables (master weights),
 * optimizer state, batch-norm moving statistics, loss, reshaping and the gradients the optimizer
 * applies stay float32, while the convolutions and matrix products and their gradients run in
 * oneDNN's bfloat16 kernels. The graph built in Java is the same for both precisions; checkpoints
 * move freely between them.
 *
 * <p>Measured on an AMD EPYC with AVX512-BF16 (no AMX), ResNet-20 at batch 128 on 28x28x1: the
 * training step in about 0.7x the float32 time (see the README's bench table). The rewrite needs
 * oneDNN (TF_ENABLE_ONEDNN_OPTS not 0) and is skipped silently by TensorFlow on a CPU without
 * AVX-512, hence {@link #requireSupported}.
 */
public enum Precision {
  FP32,
  BF16;

  /** The command-line name: {@code fp32} or {@code bf16}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code fp32} or {@code bf16} (case-insensitive). */
  public static Precision parse(String name) {
    if (name != null) {
      for (Precision p : values()) if (p.label().equalsIgnoreCase(name.trim())) return p;
    }
    throw new IllegalArgumentException("precision must be fp32 or bf16, got '" + name + "'");
  }

  /** The session options of this precision (the default options for float32). */
  public ConfigProto sessionConfig() {
    ConfigProto.Builder b = ConfigProto.newBuilder();
    if (this == BF16) {
      b.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return b.build();
  }

  /**
   * A session on {@code graph} computing in this precision. Float32 uses the plain constructor, so
   * float32 runs are exactly what they were before precisions existed.
   */
  public Session openSession(Graph graph) {
    return this == FP32 ? new Session(graph) : new Session(graph, sessionConfig());
  }

  /** {@link #requireSupported(CpuFeatures, String)} for this machine and environment. */
  public String requireSupported() {
    return requireSupported(CpuFeatures.current(), System.getenv("TF_ENABLE_ONEDNN_OPTS"));
  }

  /**
   * Whether this precision can run on {@code cpu} with the given value of the environment variable
   * {@code TF_ENABLE_ONEDNN_OPTS} (null when unset). Float32 always can. Bfloat16 is refused
   * (IllegalArgumentException) when oneDNN is switched off or the CPU lacks AVX-512, because
   * TensorFlow would then quietly compute in float32; on AVX-512 without AVX512-BF16 or AMX-BF16
   * oneDNN emulates bfloat16, which works but is slower than float32: the returned warning says so.
   *
   * @return null, or a one-line warning to show the user
   */
  public String requireSupported(CpuFeatures cpu, String onednnOpts) {
    if (this == FP32) return null;
    if (onednnOpts != null && onednnOpts.trim().equals("0"))
      throw new IllegalArgumentException("precision bf16 runs through oneDNN, but TF_ENABLE_ONEDNN_OPTS=0 turns"
          + " oneDNN off; unset it or use precision fp32");
    if (!cpu.known())
      throw new IllegalArgumentException("precision bf16 needs a CPU with AVX512-BF16 or AMX-BF16, but /proc/cpuinfo"
          + " could not be read to check; use precision fp32");
    if (cpu.nativeBf16()) return null;
    if (cpu.avx512Core())
      return "precision bf16: " + cpu.modelName() + " has AVX-512 but neither AVX512-BF16 nor AMX-BF16, so oneDNN"
          + " emulates bfloat16 and the step is likely slower than fp32";
    throw new IllegalArgumentException("precision bf16 needs a CPU with AVX512-BF16 or AMX-BF16 (AMD Zen 4 or later,"
        + " Intel Cooper Lake or Sapphire Rapids or later), got " + cpu.modelName() + " without AVX-512; use"
        + " precision fp32");
  }
}
