package io.github.llr4j.core.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tensorflow.GraphOperation;

/**
 * Two virtual CPU devices in one process, one replica (tower) each, against one device with the
 * same global batch: the weights after 2 epochs agree to 1e-5 relative (95 examples, batch 32, so
 * the last batch of 31 rows is split 15/16). sech with b = 1 makes f'(L/L0) depend on the loss, so
 * a tower that reshaped its own loss, or a tower left out of the gradient, would end elsewhere.
 */
class DeviceReplicasEquivalenceTest {

  private static final Mlp MODEL = Mlp.of(DistTestData.DIM, List.of(12), DistTestData.CLASSES);

  @Test
  @Timeout(120)
  void plainObjectiveOnTwoDevicesMatchesOneDevice() {
    check(ReshapedObjective.plain());
  }

  @Test
  @Timeout(120)
  void sechOnTheGlobalLossOnTwoDevicesMatchesOneDevice() {
    check(ReshapedObjective.builder(Reshapers.sech(2.5, 1.0)).build());
  }

  @Test
  void samIsRefusedWithSeveralDevicesNamingIt() {
    assertThatThrownBy(() -> TrainerConfig.builder(MODEL, Sam.sam(Sgd.plain(Hyperparameter.constant(0.1)), 0.05))
        .devices(DeviceReplicas.cpu(2)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two-pass optimizer (SAM)");
  }

  private static void check(ReshapedObjective objective) {
    ArrayBatches data = DistTestData.blobs(95, 5, 32);
    float[] initial;
    float[] single;
    try (Trainer t = new Trainer(config(objective, null), data, Map.of())) {
      initial = DistTestData.weights(t);
      t.fit();
      single = DistTestData.weights(t);
    }
    float[] towers;
    try (Trainer t = new Trainer(config(objective, DeviceReplicas.cpu(2)), data, Map.of())) {
      assertThat(devicesOf(t, "tower_1/")).as("tower 1's forward ops").allSatisfy(d -> assertThat(d).endsWith("CPU:1"));
      // the README's limit, checked: the backward MatMuls TensorFlow adds for tower 1 carry no device
      assertThat(backwardMatMulDevices(t)).as("tower 1's gradient MatMuls").isNotEmpty().containsOnly("");
      t.fit();
      towers = DistTestData.weights(t);
    }
    assertThat(DistTestData.maxRelativeDifference(single, initial)).as("training must move the weights")
        .isGreaterThan(1e-2);
    assertThat(DistTestData.maxRelativeDifference(towers, single)).isLessThan(1e-5);
  }

  private static TrainerConfig config(ReshapedObjective objective, DeviceReplicas devices) {
    return TrainerConfig.builder(MODEL, Sgd.momentum(Hyperparameter.constant(0.2), 0.9, 5e-4)).objective(objective)
        .epochs(2).seed(11).logInterval(0).devices(devices).build();
  }

  private static List<String> backwardMatMulDevices(Trainer t) {
    List<String> out = new java.util.ArrayList<>();
    for (Iterator<GraphOperation> it = t.graph().operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.name().startsWith("tower_1/gradients") && op.type().equals("MatMul")) out.add(op.device());
    }
    return out;
  }

  /** The requested devices of the graph's ops whose name starts with {@code prefix} (none empty). */
  private static List<String> devicesOf(Trainer t, String prefix) {
    List<String> out = new java.util.ArrayList<>();
    for (Iterator<GraphOperation> it = t.graph().operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.name().startsWith(prefix) && !op.name().contains("/gradients")) out.add(op.device());
    }
    assertThat(out).isNotEmpty();
    return out;
  }
}
