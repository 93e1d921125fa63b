package io.github.llr4j.core.diag.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.reshape.Reshapers;
import org.junit.jupiter.api.Test;

class EscapeSimulationTest {

  /** ka = 2, kb = 1, kc = 0.5, L(0) = 0.5, barrier 1 above it, flat minimum at loss 0. */
  private static final DoubleWell WELL = new DoubleWell(2, 1, 0.5, 0.5, 1, 0);

  /** Temperature D = 0.2 (dU / D = 5) at lr = 0.02: sigma^2 = D (2 - lr ka) / lr. */
  private static final double LR = 0.02;
  private static final double SIGMA = Math.sqrt(0.2 * (2 - LR * 2) / LR);

  private static double halfway() {
    return WELL.barrier() + 0.5 * (WELL.flatMinimum() - WELL.barrier());
  }

  @Test
  void wellGeometryIsContinuousWithMatchingSlopes() {
    double xb = WELL.barrier(), xc = WELL.flatMinimum();
    // xb = sqrt(2 * 1 * 3 / 2) = sqrt 3; xc = xb + sqrt(2 * 1.5 * 1.5 / 0.5) = sqrt3 + 3
    assertThat(xb).isCloseTo(Math.sqrt(3), within(1e-12));
    assertThat(xc).isCloseTo(Math.sqrt(3) + 3, within(1e-12));
    assertThat(WELL.loss(0)).isEqualTo(0.5);
    assertThat(WELL.loss(xb)).isCloseTo(1.5, within(1e-12));
    assertThat(WELL.loss(xc)).isCloseTo(0, within(1e-12));
    assertThat(WELL.gradient(xb)).isCloseTo(0, within(1e-12));
    // C1 everywhere: the finite-difference slope matches the gradient across both joins
    for (double x = -1; x < xc + 1; x += 0.01) {
      double h = 1e-6;
      assertThat((WELL.loss(x + h) - WELL.loss(x - h)) / (2 * h)).isCloseTo(WELL.gradient(x), within(1e-5));
    }
  }

  @Test
  void plainSgdEscapeRateMatchesKramers() {
    var c = new EscapeSimulation.Config(LR, SIGMA, 60_000, 300, 7, halfway(), 10);
    EscapeSimulation.Result r = EscapeSimulation.run(WELL, null, 1, c);
    double kramers = EscapeSimulation.kramersRatePerStep(WELL, LR, SIGMA);
    // sqrt(2) / (2 pi) e^-5 * 0.02 = 3.03e-5 per step
    assertThat(kramers).isCloseTo(0.02 * Math.sqrt(2) / (2 * Math.PI) * Math.exp(-5), within(1e-12));
    System.out.printf("plain escapes %d/%d rate %.4g per step, Kramers %.4g, ratio %.3f%n", r.escapes(), r.walkers(),
        r.ratePerStep(), kramers, r.ratePerStep() / kramers);
    assertThat(r.escapes()).isGreaterThan(150);
    assertThat(r.ratePerStep() / kramers).isBetween(0.75, 1.25);
  }

  @Test
  void steepeningTheLowLossRegionRaisesEscapeFromTheSharpMinimum() {
    // sech a = 5, b = 0.15 with L0 = 4: losses 0.5..1.5 map to x = 0.125..0.375 where f' is 2.4..1.07 > 1
    var sech = Reshapers.sech(5, 0.15);
    for (double l = 0.5; l <= 1.5; l += 0.05) assertThat(sech.derivative(l / 4)).isGreaterThan(1);
    var c = new EscapeSimulation.Config(LR, SIGMA, 20_000, 200, 3, halfway(), 10);
    EscapeSimulation.Result plain = EscapeSimulation.run(WELL, null, 4, c);
    EscapeSimulation.Result steep = EscapeSimulation.run(WELL, sech, 4, c);
    System.out.printf("plain rate %.4g (%d escapes), sech rate %.4g (%d escapes)%n", plain.ratePerStep(), plain.escapes(),
        steep.ratePerStep(), steep.escapes());
    assertThat(steep.ratePerStep()).isGreaterThan(2 * plain.ratePerStep());
    assertThat(steep.escapedFraction()[9]).isGreaterThan(plain.escapedFraction()[9]);
  }

  @Test
  void identityReshaperIsPlainSgdBitForBit() {
    var c = new EscapeSimulation.Config(LR, SIGMA, 2_000, 20, 5, halfway(), 4);
    var plain = EscapeSimulation.run(WELL, null, 1, c);
    var id = EscapeSimulation.run(WELL, Reshapers.identity(), 3, c);
    assertThat(id.exposure()).isEqualTo(plain.exposure());
    assertThat(id.meanFinalLoss()).isEqualTo(plain.meanFinalLoss());
  }

  @Test
  void badSettingsAreRejectedWithTheirNames() {
    assertThatThrownBy(() -> new DoubleWell(1, 1, 1, 0.5, 1, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flat loss must be >= 0 and below the barrier top 1.5, got 2.0");
    assertThatThrownBy(() -> new EscapeSimulation.Config(0, 1, 1, 1, 0, 1, 2)).hasMessageContaining("lr must be > 0");
    var c = new EscapeSimulation.Config(LR, SIGMA, 10, 1, 0, 0.1, 2);
    assertThatThrownBy(() -> EscapeSimulation.run(WELL, null, 1, c))
        .hasMessageContaining("escape position must be right of the barrier top");
  }
}
