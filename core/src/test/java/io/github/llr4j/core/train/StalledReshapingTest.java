package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StalledReshapingTest {

  private static Map<String, Object> epoch(double loss, double factor) {
    return Map.of("epoch", 1, "train_loss", loss, "gradient_factor", factor);
  }

  @Test
  void lossAboveL0WithAVanishedFactorIsReportedWithTheFix() {
    // sech at lr 0.1 on small_cnn (studies/psi-cnn-fmnist): loss 7.81 against L0 2.30, f' 1.7e-11
    assertThat(StalledReshaping.warning(epoch(7.81, 1.7e-11), 2.30))
        .isEqualTo("warning: epoch 1: the mean training loss 7.810 is above L0 = 2.300, where the reshaping function"
            + " is flat (mean gradient factor f' = 1.70e-11), so the weights barely move; the loss overshot L0,"
            + " usually from a learning rate too high for this model: lower --lr, or start the reshaping later"
            + " (--start-last) once the plain loss is below L0");
    // flooding's factor is -1 or 1; a negative factor counts by its size
    assertThat(StalledReshaping.warning(epoch(3.0, -5e-4), 2.30)).isNotNull();
  }

  @Test
  void trainingRegimesAreNotReported() {
    // the ultra-low-loss plateau below L0 is the function's design, not a stall
    assertThat(StalledReshaping.warning(epoch(0.01, 1e-6), 2.30)).isNull();
    // the first epoch of sech starts near L0 with f' about 0.01: slow, but moving
    assertThat(StalledReshaping.warning(epoch(2.35, 0.012), 2.30)).isNull();
    // exactly at the threshold is not below it
    assertThat(StalledReshaping.warning(epoch(2.5, StalledReshaping.FACTOR), 2.30)).isNull();
    // without L0 (plain, flooding on the raw loss) there is nothing to compare with
    assertThat(StalledReshaping.warning(epoch(7.81, 1e-11), null)).isNull();
    assertThat(StalledReshaping.warning(Map.of("epoch", 0), 2.30)).isNull();
  }
}
