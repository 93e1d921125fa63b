package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

  private static Map<String, Plots.Curve> xs(double... x) {
    return Map.of("c", new Plots.Curve(x, new double[x.length]));
  }

  @Test
  void xTicksKeepThreeSignificantDigitsOfTheRange() {
    // a Hessian density from -15.57 to 341.2 (studies/hessian-traj-fmnist) printed 17-digit tick labels
    assertThat(Plots.xPattern(xs(-15.569608465144844, 341.2))).isEqualTo("0");
    assertThat(new java.text.DecimalFormat(Plots.xPattern(xs(-15.569608465144844, 341.2))).format(-15.569608465144844))
        .isEqualTo("-16");
    assertThat(Plots.xPattern(xs(-1, 1))).isEqualTo("0.00");
    assertThat(Plots.xPattern(xs(0.5, 1.2, Double.NaN))).isEqualTo("0.000");
    assertThat(Plots.xPattern(xs(0, 0.004))).isEqualTo("0.00000");
    assertThat(Plots.xPattern(xs(3, 3))).isEqualTo("0.00");
  }

  @Test
  void writesThePng(@TempDir Path dir) throws Exception {
    LinkedHashMap<String, Plots.Curve> c = new LinkedHashMap<>();
    c.put("a", new Plots.Curve(new double[] {-15.57, 100, 341.2}, new double[] {1, 2, 3}));
    Path png = dir.resolve("p.png");
    Plots.write(png, "t", "x", "y", c);
    byte[] head = java.nio.file.Files.readAllBytes(png);
    assertThat(head).startsWith(0x89, 'P', 'N', 'G');
  }
}
