package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library-only optimizers (GAF on SGD and Adam, MIAdam) and a reshaping formula selected from
 * the command line: the run records the selection and its first steps differ from plain SGD's,
 * while a formula equal to a built-in function trains like it; bad names and values are one line.
 */
class OptimizerFlagsCommandTest {

  @TempDir static Path data;
  @TempDir static Path runs;

  @BeforeAll
  static void writeImages() throws IOException {
    TinyImages.write(data, 7, 12, 4); // 24 training images: one epoch of three batches of 8
  }

  /** Three steps of small_cnn (same seed, data and L0 batches); returns the run's first metrics line. */
  private static JsonNode threeSteps(String name, String... extra) throws IOException {
    Path out = runs.resolve(name);
    String[] base = {"train", "--dataset", "folder", "--data", data.toString(), "--model", "small_cnn",
        "--epochs", "1", "--batch-size", "8", "--lr", "0.05", "--val-fraction", "0", "--no-augment",
        "--schedule", "constant", "--log-every", "0", "--out", out.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    CliRun run = CliRun.of(all);
    assertThat(run.code()).as(run.err()).isZero();
    return new ObjectMapper().readTree(Files.readAllLines(out.resolve("metrics.jsonl")).get(0));
  }

  private static JsonNode config(String name) throws IOException {
    return new ObjectMapper().readTree(runs.resolve(name).resolve("manifest.json").toFile()).get("config");
  }

  @Test
  void eachSelectionIsRecordedAndChangesTheFirstSteps() throws IOException {
    double plain = threeSteps("sgd").get("train_loss").asDouble();
    assertThat(config("sgd").get("optimizer").asText()).isEqualTo("sgd");

    double gafSgd = threeSteps("gaf-sgd", "--gaf", "gradient", "--gaf-alpha", "0.5").get("train_loss").asDouble();
    assertThat(config("gaf-sgd").get("optimizer").asText()).isEqualTo("gaf_sgd");
    assertThat(config("gaf-sgd").get("optimizer_settings").asText()).contains("alpha=0.5, beta=4.5, on gradient");

    double gafMomentum = threeSteps("gaf-momentum", "--gaf", "momentum").get("train_loss").asDouble();
    assertThat(config("gaf-momentum").get("optimizer_settings").asText()).contains("on momentum_update");

    double gafAdam = threeSteps("gaf-adam", "--optimizer", "adam", "--gaf", "gradient")
        .get("train_loss").asDouble();
    assertThat(config("gaf-adam").get("optimizer_settings").asText()).startsWith("gaf_adam(").contains("alpha=0.1, beta=15.0");

    double miadam = threeSteps("miadam", "--optimizer", "miadam", "--miadam-k", "2",
        "--miadam-sub-epoch", "5").get("train_loss").asDouble();
    assertThat(config("miadam").get("optimizer_settings").asText()).startsWith("miadam2(").contains("sub_epoch=5");

    double gafNesterov = threeSteps("gaf-nesterov", "--optimizer", "nesterov", "--gaf", "gradient")
        .get("train_loss").asDouble();
    assertThat(config("gaf-nesterov").get("optimizer").asText()).isEqualTo("gaf-sgd");

    // the first step's loss is the same untrained model's; the next two see different updates
    for (double other : new double[] {gafSgd, gafMomentum, gafAdam, miadam, gafNesterov})
      assertThat(Math.abs(other - plain)).as("vs plain %s", plain).isGreaterThan(1e-4);
  }

  @Test
  void aFormulaTrainsLikeTheBuiltInFunctionItSpellsOut() throws IOException {
    JsonNode builtIn = threeSteps("linquad", "--reshape", "linquad", "--param", "a=2");
    JsonNode formula = threeSteps("expr", "--reshape", "expr:x+a*x^2", "--param", "a=2");
    JsonNode plain = threeSteps("plain-for-expr");
    assertThat(config("expr").get("objective").get("function").asText()).isEqualTo("expr:x+a*x^2");
    assertThat(formula.get("train_loss").asDouble()).isCloseTo(builtIn.get("train_loss").asDouble(), within(1e-5));
    assertThat(formula.get("gradient_factor").asDouble()).isCloseTo(builtIn.get("gradient_factor").asDouble(), within(1e-5));
    assertThat(Math.abs(formula.get("train_loss").asDouble() - plain.get("train_loss").asDouble())).isGreaterThan(1e-4);
  }

  @Test
  void badNamesAndValuesAreOneLine(@TempDir Path tmp) {
    String[][] cases = {
        {"--optimizer", "lion"}, {"--optimizer must be sgd, nesterov, adam, adamw or miadam, got 'lion'"},
        {"--gaf", "weights"}, {"--gaf must be gradient or momentum, got 'weights'"},
        {"--optimizer", "adam", "--gaf", "momentum"}, {"--gaf momentum acts on SGD's momentum update and needs --optimizer sgd, got adam"},
        {"--gaf-beta", "2"}, {"--gaf-alpha and --gaf-beta need --gaf gradient|momentum"},
        {"--gaf", "gradient", "--gaf-alpha", "-1"}, {"--gaf-alpha must be > 0, got -1.0"},
        {"--optimizer", "miadam", "--miadam-k", "4"}, {"--miadam-k must be 1, 2 or 3, got 4"},
        {"--optimizer", "miadam", "--miadam-kappa", "1"}, {"--miadam-kappa must be in [0, 1), got 1.0"},
        {"--miadam-k", "2"}, {"--miadam-k, --miadam-kappa and --miadam-sub-epoch need --optimizer miadam, got sgd"},
        {"--reshape", "expr:x+b*x^2"}, {"expression 'x+b*x^2' uses coefficient 'b'; give it with --param b=VALUE"},
        {"--reshape", "expr:x+cos(x)"}, {"unknown function 'cos' at position 3"},
    };
    for (int i = 0; i < cases.length; i += 2) {
      String[] base = {"train", "--dataset", "folder", "--data", data.toString(), "--model", "small_cnn", "--epochs", "1",
          "--out", tmp.resolve("r" + i).toString()};
      String[] all = new String[base.length + cases[i].length];
      System.arraycopy(base, 0, all, 0, base.length);
      System.arraycopy(cases[i], 0, all, base.length, cases[i].length);
      CliRun run = CliRun.of(all);
      assertThat(run.code()).as(String.join(" ", cases[i])).isEqualTo(CliErrors.INVALID_INPUT);
      assertThat(run.err().strip().lines().count()).as(run.err()).isEqualTo(1);
      assertThat(run.err()).contains(cases[i + 1][0]);
    }
  }
}
