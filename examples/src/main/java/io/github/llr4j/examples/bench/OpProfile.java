package io.github.llr4j.examples.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * Where one {@code Session.run} spends its time: TensorFlow's own step trace (RunOptions
 * FULL_TRACE), each node's time summed per kernel type ({@code _MklNativeConv2D}, {@code Mul},
 * ...). Times of nodes that ran in parallel add up, so the total can exceed the wall time; the
 * shares say which kernels dominate.
 */
public final class OpProfile {

  /** One kernel type: its summed time in ms and how many nodes ran it. */
  public record Entry(String kernel, double ms, int nodes) {}

  private OpProfile() {}

  /** Runs {@code runner} once with tracing on and returns its kernels, most time first. */
  public static List<Entry> of(Session.Runner runner) {
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    try (Result r = runner.setOptions(trace).runAndFetchMetadata()) {
      RunMetadata md = r.getMetadata()
          .orElseThrow(() -> new IllegalStateException("TensorFlow returned no run metadata for a traced run"));
      return summarise(md);
    }
  }

  static List<Entry> summarise(RunMetadata md) {
    Map<String, double[]> byKernel = new HashMap<>();
    for (DeviceStepStats device : md.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        double[] acc = byKernel.computeIfAbsent(kernel(node), k -> new double[2]);
        acc[0] += node.getAllEndRelMicros() / 1000.0;
        acc[1]++;
      }
    }
    List<Entry> out = new ArrayList<>();
    byKernel.forEach((k, v) -> out.add(new Entry(k, v[0], (int) v[1])));
    out.sort((a, b) -> Double.compare(b.ms(), a.ms()));
    return out;
  }

  /** The kernel type from the timeline label "name = Type(inputs)"; the node name when there is none. */
  static String kernel(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq < 0) return node.getNodeName();
    String rest = label.substring(eq + 3);
    int paren = rest.indexOf('(');
    return paren < 0 ? rest : rest.substring(0, paren);
  }
}
