package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code llr4j reshape --json} against the float64 test vectors of spec section 6 (1e-4 relative),
 * the normalised objective, and the one-line errors.
 */
class ReshapeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String X = "0.01,0.05,0.15,0.5,1.0";

  static Stream<Arguments> specVectors() {
    return Stream.of(
        Arguments.of("sech a=2.5 b=0.15", List.of("--fn", "sech", "--param", "a=2.5", "--param", "b=0.15"),
            new double[] {-0.424738, -0.407748, -0.300855, -0.044955, -0.002388},
            new double[] {0.146472, 0.684296, 1.249990, 0.262665, 0.014033}),
        Arguments.of("sech plus-base shifted",
            List.of("--fn", "sech", "--param", "a=2.5", "--param", "b=0.15", "--param", "plus-base=0.5",
                "--param", "shift=true"),
            new double[] {0.005733, 0.042724, 0.199616, 0.630517, 0.923084},
            new double[] {0.646472, 1.184296, 1.749990, 0.762665, 0.514033}),
        Arguments.of("logexp a=0.5", List.of("--fn", "logexp", "--param", "a=0.5"),
            new double[] {-0.673246, -0.595529, -0.412740, 0.138649, 0.796733},
            new double[] {1.980296, 1.906995, 1.755476, 1.435267, 1.225400}),
        Arguments.of("atan a=5 b=1", List.of("--fn", "atan", "--param", "a=5", "--param", "b=1"),
            new double[] {0.010500, 0.062479, 0.260841, 1.574846, 4.084251},
            new double[] {1.099987, 1.498338, 2.456136, 4.709181, 4.926991}),
        Arguments.of("linquad a=0.5", List.of("--fn", "linquad", "--param", "a=0.5"),
            new double[] {0.010050, 0.051250, 0.161250, 0.625000, 1.500000},
            new double[] {1.010, 1.050, 1.150, 1.500, 2.000}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specVectors")
  void jsonReproducesSpecSection6(String label, List<String> fnArgs, double[] f, double[] df)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("reshape"));
    args.addAll(fnArgs);
    args.addAll(List.of("--loss", X, "--json"));
    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.code()).as(run.err()).isZero();
    List<JsonNode> lines = lines(run.out());
    assertThat(lines).hasSize(5);
    double[] x = {0.01, 0.05, 0.15, 0.5, 1.0};
    for (int i = 0; i < 5; i++) {
      JsonNode p = lines.get(i);
      assertThat(p.get("loss").asDouble()).isEqualTo(x[i]);
      assertThat(p.get("reshaped").asDouble()).as("f(%s)", x[i]).isCloseTo(f[i], within(tol(f[i])));
      assertThat(p.get("grad").asDouble()).as("f'(%s)", x[i]).isCloseTo(df[i], within(tol(df[i])));
    }
  }

  /** 1e-4 relative, with the table's last printed digit as the floor for values near zero. */
  private static double tol(double expected) {
    return Math.max(1e-4 * Math.abs(expected), 1e-6);
  }

  @Test
  void initialLossNormalises() throws Exception {
    // L0 = 2: L = 0.3 is x = 0.15 -> L_fin = 2 * f(0.15) = -0.601710, grad = f'(0.15) = 1.249990;
    // L = 2 is x = 1 -> 2 * -0.002388 and f'(1) = 0.014033.
    CliRun run = CliRun.of("reshape", "--fn", "sech", "--param", "a=2.5", "--param", "b=0.15",
        "--initial-loss", "2", "--loss", "0.3,2", "--json");

    assertThat(run.code()).as(run.err()).isZero();
    List<JsonNode> lines = lines(run.out());
    assertThat(lines.get(0).get("reshaped").asDouble()).isCloseTo(-0.601710, within(1e-4 * 0.601710));
    assertThat(lines.get(0).get("grad").asDouble()).isCloseTo(1.249990, within(1e-4 * 1.249990));
    assertThat(lines.get(1).get("reshaped").asDouble()).isCloseTo(-0.004776, within(2e-6));
    assertThat(lines.get(1).get("grad").asDouble()).isCloseTo(0.014033, within(1e-4 * 0.014033));
  }

  @Test
  void tableIsTheDefaultOutput() {
    CliRun run = CliRun.of("reshape", "--fn", "linquad", "--param", "a=0.5", "--loss", "0.5");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("linquad").contains("dL_fin/dL");
    String last = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last.trim().split("\\s+")).containsExactly("0.500000", "0.625000", "1.50000");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(new String[] {"--fn", "nosuchfn", "--loss", "0.1"}, "nosuchfn"),
        Arguments.of(new String[] {"--fn", "sech", "--param", "a2.5", "--loss", "0.1"},
            "--param must be key=value (e.g. a=2.5), got 'a2.5'"),
        Arguments.of(new String[] {"--fn", "sech", "--initial-loss", "0", "--loss", "0.1"},
            "initial loss L0 must be positive and finite, got 0.0"),
        Arguments.of(new String[] {"--fn", "sech", "--initial-loss", "-1", "--loss", "0.1"},
            "initial loss L0 must be positive and finite, got -1.0"),
        Arguments.of(new String[] {"--fn", "sech", "--loss", "0.1,abc"},
            "--loss must be a finite number, got 'abc'"),
        Arguments.of(new String[] {"--fn", "sech"}, "give --loss v1,v2,... and/or --plot FILE.png"),
        Arguments.of(new String[] {"--fn", "sech", "--loss", "0.1", "--bogus"}, "--bogus"),
        Arguments.of(new String[] {"--fn", "logexp", "--param", "a=0.5", "--loss", "-1"},
            "logexp needs exp(q*x) > a"),
        Arguments.of(new String[] {"--fn", "sech", "--plot", "x.png", "--range", "1:0"},
            "--range must have lo < hi, got '1:0'"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInputIsOneLineAndExitCode2(String[] args, String expected) {
    String[] full = Stream.concat(Stream.of("reshape"), Stream.of(args)).toArray(String[]::new);
    CliRun run = CliRun.of(full);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).startsWith("llr4j reshape: ").contains(expected).doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void plotWritesAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("sech.png");
    CliRun run = CliRun.of("reshape", "--fn", "sech", "--plot", png.toString(), "--range", "0:1");

    assertThat(run.code()).as(run.err()).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(5_000);
    assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  private static List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.strip().split("\\R")) nodes.add(JSON.readTree(line));
    return nodes;
  }
}
