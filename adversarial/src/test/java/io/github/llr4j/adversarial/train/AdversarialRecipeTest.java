package io.github.llr4j.adversarial.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.adversarial.eval.RobustValidation;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.train.TrainerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class AdversarialRecipeTest {

  private static TrainerConfig configured(AdversarialRecipe r, boolean validation) {
    TrainerConfig.Builder b = TrainerConfig.builder(new Mlp(4, List.of(8), 3, 0.0, true), Sgd.plain(Hyperparameter.constant(0.1)))
        .outputDir(Path.of("unused"));
    ArrayBatches val = ArrayBatches.ofFloats(new float[6 * 4], Shape.of(4), new int[] {0, 1, 2, 0, 1, 2}).build();
    r.configure(b, 3, Shape.of(4), validation ? val : null);
    return b.build();
  }

  @Test
  void startsFromSpecSection8DefaultsForTheDataScale() {
    AdversarialRecipe grey = AdversarialRecipe.builder(AdversarialRecipe.Method.PGD_AT, true).build();
    assertThat(grey.eps()).isEqualTo(0.1);
    assertThat(grey.stepSize()).isEqualTo(0.01);
    AdversarialRecipe colour = AdversarialRecipe.builder(AdversarialRecipe.Method.TRADES, false).build();
    assertThat(colour.eps()).isEqualTo(8 / 255.0);
    assertThat(colour.stepSize()).isEqualTo(2 / 255.0);
    assertThat(colour).isEqualTo(new AdversarialRecipe(AdversarialRecipe.Method.TRADES, 8 / 255.0, 2 / 255.0, 10, 0,
        6.0, 1000, 1));
  }

  @Test
  void addsTheHookTheLossAndRobustSelection() {
    TrainerConfig pgd = configured(AdversarialRecipe.builder(AdversarialRecipe.Method.PGD_AT, true).build(), true);
    assertThat(pgd.inputHook()).isInstanceOf(PgdTraining.class);
    assertThat(pgd.loss()).isNotInstanceOf(TradesLoss.class);
    assertThat(pgd.epochMetrics()).singleElement().isInstanceOf(RobustValidation.class);
    assertThat(pgd.selection().metric()).isEqualTo("val_robust_accuracy");

    TrainerConfig trades = configured(AdversarialRecipe.builder(AdversarialRecipe.Method.TRADES, true)
        .robustValidation(0).build(), true);
    assertThat(trades.inputHook()).isInstanceOf(TradesTraining.class);
    assertThat(trades.loss()).isInstanceOf(TradesLoss.class);
    assertThat(trades.epochMetrics()).isEmpty();

    // without a validation set there is nothing to select on
    assertThat(configured(AdversarialRecipe.builder(AdversarialRecipe.Method.PGD_AT, true).build(), false)
        .epochMetrics()).isEmpty();
  }

  @Test
  void refusesANegativeRampOrValidationCount() {
    assertThatThrownBy(() -> AdversarialRecipe.builder(AdversarialRecipe.Method.PGD_AT, true).epsRampEpochs(-1).build())
        .hasMessage("epsRampEpochs must be >= 0, got -1.0");
    assertThatThrownBy(() -> AdversarialRecipe.builder(AdversarialRecipe.Method.PGD_AT, true).robustValidation(-1).build())
        .hasMessage("robustValidation must be >= 0, got -1");
  }
}
