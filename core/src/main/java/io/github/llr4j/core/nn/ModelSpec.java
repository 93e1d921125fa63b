package io.github.llr4j.core.nn;

import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * An immutable description of a model (architecture, sizes, number of classes). {@link #build}
 * creates its variables in a graph, initialised from {@code seed}.
 */
public interface ModelSpec {

  /** A short name for reports, e.g. {@code resnet20}. */
  String name();

  /** Number of output classes (width of the logits). */
  int classes();

  /**
   * Settings beyond the name worth reporting (run banner, {@code model.json}), e.g. an update
   * rule's coefficients; empty by default.
   */
  default Map<String, Object> describe() {
    return Map.of();
  }

  /** Creates the variables under {@code tf}'s scope, initialised deterministically from seed. */
  Model build(Ops tf, long seed);
}
