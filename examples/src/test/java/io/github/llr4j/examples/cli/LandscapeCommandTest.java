package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.llr4j.core.diag.Sharpness;
import io.github.llr4j.core.diag.box.BoxLbfgs;
import io.github.llr4j.core.nn.ModelSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.github.llr4j.examples.tasks.Landscape;
import io.github.llr4j.vision.models.VisionModels;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

/** {@code llr4j landscape} on a tiny trained run: files, consistency of its numbers, bad input. */
class LandscapeCommandTest {

  @Test
  void landscapeOfATinyRun(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
        "Fashion-MNIST not installed (./llr4j test installs it)");
    Path run = tmp.resolve("run");
    CliRun train = CliRun.of("train", "--epochs", "1", "--model", "small_cnn", "--limit-train", "256",
        "--limit-test", "100", "--val-fraction", "0", "--no-augment", "--out", run.toString(), "--log-every", "0");
    assertThat(train.code()).as(train.err()).isZero();
    byte[] ckpt = Files.readAllBytes(run.resolve("checkpoint/ckpt.index"));
    CliRun r = CliRun.of("landscape", "--checkpoint", run.toString(), "--top-k", "2", "--iterations", "4",
        "--hutchinson", "2", "--surface", "2d", "--points", "5", "--limit", "64", "--batch-size", "32",
        "--sharpness-steps", "2", "--density", "6", "--density-vectors", "2");
    assertThat(r.code()).as(r.err()).isZero();
    Path dir = run.resolve("landscape");
    JsonNode j = new ObjectMapper().readTree(dir.resolve("landscape.json").toFile());
    assertThat(j.get("eigenvalues")).hasSize(2);
    assertThat(j.get("examples").asInt()).isEqualTo(64);
    // after one epoch the gradient is far above L-BFGS-B's 1e-5: it takes steps and finds a higher loss
    assertThat(j.get("epsilon_sharpness").asDouble()).isGreaterThan(0);
    // L-BFGS-B by default, with --sharpness-steps iterations; the number is Keskar's formula of its max
    assertThat(j.get("epsilon_sharpness_method").asText()).isEqualTo("lbfgsb");
    assertThat(j.get("epsilon_sharpness_steps").asInt()).isEqualTo(2);
    int iterations = j.get("epsilon_sharpness_iterations").asInt();
    assertThat(iterations).isBetween(1, 2);
    if (iterations == 2) assertThat(j.get("epsilon_sharpness_stop").asText()).isEqualTo("max_iterations");
    else assertThat(j.get("epsilon_sharpness_stop").asText()).isIn("relative_reduction", "line_search", "projected_gradient");
    // one pass at w0, then per iteration one or more line-search trials (at most 20 each)
    assertThat(j.get("epsilon_sharpness_passes").asInt()).isBetween(1 + iterations, 1 + 20 * iterations);
    double base = j.get("loss").asDouble();
    assertThat(j.get("epsilon_sharpness").asDouble())
        .isCloseTo(100 * (j.get("epsilon_sharpness_max_loss").asDouble() - base) / (1 + base), within(1e-6));
    assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "%d of 2 iterations, stopped on %s", iterations,
        j.get("epsilon_sharpness_stop").asText())).doesNotContain("note: L-BFGS-B stopped at iteration 0");
    double angle = j.get("gradient_top_eigenvector_angle_degrees").asDouble();
    assertThat(angle).isBetween(0.0, 90.0);
    // the surface's centre is the unperturbed model: the same loss as the report's
    List<String> line = Files.readAllLines(dir.resolve("surface-1d.csv"));
    assertThat(line).hasSize(6);
    assertThat(Double.parseDouble(line.get(3).split(",")[0])).isZero();
    assertThat(Double.parseDouble(line.get(3).split(",")[1])).isCloseTo(j.get("loss").asDouble(), within(1e-5));
    assertThat(Files.readAllLines(dir.resolve("surface-2d.csv"))).hasSize(26);
    assertThat(dir.resolve("surface-1d.png")).isNotEmptyFile();
    assertThat(dir.resolve("surface-2d.png")).isNotEmptyFile();
    assertThat(Files.readAllBytes(run.resolve("checkpoint/ckpt.index"))).isEqualTo(ckpt);
    // SLQ: 6 steps x 2 vectors = 12 products (no early stop on a network Hessian); the density's
    // Ritz range contains the power-iteration eigenvalues' magnitudes up to their error
    assertThat(j.get("density_products").asInt()).isEqualTo(12);
    double zero = j.get("density_zero_fraction").asDouble(), neg = j.get("density_negative_mass").asDouble();
    assertThat(zero).isBetween(0.0, 1.0);
    assertThat(zero + neg).isLessThanOrEqualTo(1.0 + 1e-9);
    assertThat(j.get("density_ritz_max").asDouble()).isGreaterThan(0.5 * j.get("eigenvalues").get(0).asDouble());
    assertThat(Files.readAllLines(dir.resolve("density.csv"))).hasSize(401);
    assertThat(dir.resolve("density.png")).isNotEmptyFile();
    CliRun ascent = CliRun.of("landscape", "--checkpoint", run.toString(), "--top-k", "0", "--hutchinson", "0",
        "--surface", "none", "--limit", "64", "--batch-size", "32", "--sharpness-method", "ascent",
        "--out", tmp.resolve("ascent").toString());
    assertThat(ascent.code()).as(ascent.err()).isZero();
    JsonNode ja = new ObjectMapper().readTree(tmp.resolve("ascent/landscape.json").toFile());
    assertThat(ja.get("epsilon_sharpness_method").asText()).isEqualTo("ascent");
    assertThat(ja.get("epsilon_sharpness_steps").asInt()).isEqualTo(5);
    assertThat(ja.get("epsilon_sharpness_passes").asInt()).isEqualTo(6);
    assertThat(ja.get("loss").asDouble()).isCloseTo(base, within(1e-6));
    CliRun subspace = CliRun.of("landscape", "--checkpoint", run.toString(), "--top-k", "0", "--hutchinson", "0",
        "--surface", "none", "--limit", "64", "--batch-size", "32", "--sharpness-subspace", "3",
        "--sharpness-steps", "2", "--out", tmp.resolve("subspace").toString());
    assertThat(subspace.code()).as(subspace.err()).isZero();
    JsonNode js = new ObjectMapper().readTree(tmp.resolve("subspace/landscape.json").toFile());
    assertThat(js.get("epsilon_sharpness_subspace").asInt()).isEqualTo(3);
    assertThat(j.get("epsilon_sharpness_subspace").asInt()).isZero();
    assertThat(js.get("epsilon_sharpness").asDouble()).isGreaterThan(0);
    assertThat(js.get("loss").asDouble()).isCloseTo(base, within(1e-6));
    assertThat(js.get("epsilon_sharpness").asDouble())
        .isCloseTo(100 * (js.get("epsilon_sharpness_max_loss").asDouble() - base) / (1 + base), within(1e-6));
    assertThat(js.get("epsilon_sharpness_iterations").asInt()).isBetween(1, 2);
    // P above the parameter count: refused before any measurement, naming the flag and the count
    int parameters = j.get("parameters").asInt();
    CliRun tooWide = CliRun.of("landscape", "--checkpoint", run.toString(), "--sharpness-subspace",
        String.valueOf(parameters + 1), "--out", tmp.resolve("wide").toString());
    assertThat(tooWide.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(tooWide.err()).contains(String.format(java.util.Locale.ROOT,
        "--sharpness-subspace must be in [1, %,d] (the model's parameter count; 0 = full space), got %d", parameters,
        parameters + 1));
    assertThat(tmp.resolve("wide/landscape.json")).doesNotExist();
    CliRun badSubspace = CliRun.of("landscape", "--checkpoint", run.toString(), "--sharpness-method", "ascent",
        "--sharpness-subspace", "3");
    assertThat(badSubspace.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(badSubspace.err()).contains("--sharpness-subspace needs --sharpness-method lbfgsb, got ascent");
    CliRun badMethod = CliRun.of("landscape", "--checkpoint", run.toString(), "--sharpness-method", "newton");
    assertThat(badMethod.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(badMethod.err()).contains("--sharpness-method must be lbfgsb or ascent, got 'newton'");
    CliRun badDensity = CliRun.of("landscape", "--checkpoint", run.toString(), "--density-vectors", "0");
    assertThat(badDensity.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(badDensity.err()).contains("--density-vectors must be >= 1, got 0");

    CliRun bad = CliRun.of("landscape", "--checkpoint", run.toString(), "--surface", "3d");
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err()).contains("--surface must be 1d, 2d or none, got '3d'");
  }

  /** ResNet-50's 23,520,842 parameters at P = 100 need 9.4 GB for A: refused on a 4 GiB heap, with the largest P that fits. */
  @Test
  void subspaceThatDoesNotFitTheHeapIsRefusedWithTheMemoryItNeeds() {
    long heap = 4L << 30;
    long most = heap / 2 / (4L * 23_520_842);
    assertThat(most).isEqualTo(22);
    assertThatThrownBy(() -> Landscape.requireSubspaceFits(100, 23_520_842, heap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--sharpness-subspace 100 needs 100 x 23,520,842 parameters x 4 bytes = 9.41 GB for the random"
            + " matrix A, more than half of the Java heap (max 4.29 GB): use --sharpness-subspace <= 22 or a larger"
            + " heap (LLR4J_JAVA_OPTS=-Xmx...)");
    Landscape.requireSubspaceFits(22, 23_520_842, heap); // 2.07 GB: fits
    assertThatThrownBy(() -> Landscape.requireSubspaceFits(1, 23_520_842, 64L << 20))
        .hasMessageContaining("use --sharpness-subspace 0 (the full space) or a larger heap");
    assertThatThrownBy(() -> Landscape.requireSubspaceFits(0, 10, heap))
        .hasMessage("--sharpness-subspace must be in [1, 10] (the model's parameter count; 0 = full space), got 0");
  }

  /** L-BFGS-B that stopped before its first step says so and what to try instead of a silent 0%. */
  @Test
  void printNotesAStopAtIterationZero() {
    Sharpness.Epsilon stuck = new Sharpness.Epsilon(Sharpness.Method.LBFGSB, 0, 0.01, 0.01, 1e-3, 10, 1, 0,
        BoxLbfgs.Stop.PROJECTED_GRADIENT, new double[3], 0, 0.1);
    StringWriter out = new StringWriter();
    LandscapeCommand.print(new PrintWriter(out), result(stuck));
    assertThat(out.toString()).contains("0 of 10 iterations, stopped on projected_gradient, 1 passes) 0.000%")
        .contains("note: L-BFGS-B stopped at iteration 0").contains("--sharpness-method ascent");
    Sharpness.Epsilon moved = new Sharpness.Epsilon(Sharpness.Method.LBFGSB, 0.5, 0.01, 0.01, 1e-3, 10, 4, 1,
        BoxLbfgs.Stop.PROJECTED_GRADIENT, new double[3], 0, 0.1);
    out = new StringWriter();
    LandscapeCommand.print(new PrintWriter(out), result(moved));
    assertThat(out.toString()).doesNotContain("note:");
    assertThat(result(stuck).toMap()).containsEntry("epsilon_sharpness_stop", "projected_gradient")
        .containsEntry("epsilon_sharpness_iterations", 0);
  }

  private static Landscape.Result result(Sharpness.Epsilon e) {
    return new Landscape.Result(null, null, null, null, e, null, e.loss(), null, 3, 64, 1, null, null);
  }

  @Test
  void basisPathsAndPsiFlatnessOfAnMlpRun(@TempDir Path tmp) throws Exception {
    Path data = TinyImages.write(tmp.resolve("images"), 7, 16, 4);
    Path run = tmp.resolve("mlp");
    CliRun train = CliRun.of("train", "--dataset", "folder", "--data", data.toString(), "--model", "mlp_6", "--epochs", "2",
        "--batch-size", "8", "--lr", "0.05", "--val-fraction", "0", "--no-augment", "--out", run.toString(), "--log-every", "0");
    assertThat(train.code()).as(train.err()).isZero();
    CliRun r = CliRun.of("landscape", "--checkpoint", run.toString(), "--top-k", "0", "--hutchinson", "0", "--surface", "none",
        "--sharpness-eps", "0", "--psi-samples", "3", "--limit", "16");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(run.resolve("landscape/landscape.json").toFile());
    // 8x8x3 inputs, 6 hidden units, 2 classes: 192*6 + 6 + 6*2 + 2 = 1172 parameters, minus 6 hidden units
    assertThat(j.get("parameters").asInt()).isEqualTo(1172);
    assertThat(j.get("psi_basis_paths").asInt()).isEqualTo(1166);
    assertThat(j.get("psi_ratio").asDouble()).isEqualTo(j.get("psi_max_value").asDouble() / j.get("psi_min_value").asDouble());
    assertThat(j.get("psi_ratio").asDouble()).isGreaterThan(1);
    assertThat(j.get("psi_samples").asInt()).isEqualTo(3);
    assertThat(j.get("psi_sharpness").asDouble()).isGreaterThanOrEqualTo(j.get("psi_mean_increase").asDouble());
    assertThat(r.out()).contains("basis paths 1,166").contains("PSI-flatness (relative eps 0.05");

    Path cnn = tmp.resolve("cnn");
    assertThat(CliRun.of("train", "--dataset", "folder", "--data", data.toString(), "--model", "small_cnn", "--epochs", "1",
        "--batch-size", "8", "--val-fraction", "0", "--no-augment", "--out", cnn.toString(), "--log-every", "0").code()).isZero();
    CliRun c = CliRun.of("landscape", "--checkpoint", cnn.toString(), "--top-k", "0", "--hutchinson", "0", "--surface", "none",
        "--sharpness-eps", "0", "--limit", "16");
    assertThat(c.code()).as(c.err()).isZero();
    // small_cnn (batch norm folded into each conv) on 8x8x3, 2 classes: folded conv1 9*3*16 + 16, conv2
    // 9*16*32 + 32, head (2*2*32)*2 + 2 = 5,346 parameters (5,394 trainable), minus 48 hidden channels
    JsonNode jc = new ObjectMapper().readTree(cnn.resolve("landscape/landscape.json").toFile());
    assertThat(jc.get("parameters").asInt()).isEqualTo(5394);
    assertThat(jc.get("psi_basis_paths").asInt()).isEqualTo(5298);
    assertThat(jc.get("psi_ratio").asDouble()).isGreaterThan(1);
    assertThat(c.out()).contains("basis paths 5,298");
    ModelSpec resnet = VisionModels.byName("resnet20", 2, Shape.of(8, 8, 3), null);
    assertThat(Landscape.psiUnsupported(resnet)).isEqualTo("basis paths are built for plain ReLU chains without residual"
        + " connections or depthwise convolutions (--model mlp[_H1_H2...], small_cnn, small_cnn_nobn, vgg11/13/16/19;"
        + " batch norm is folded into the layer before it), got resnet20");
    assertThat(Landscape.psiUnsupported(VisionModels.byName("mobilenetv2", 2, Shape.of(8, 8, 3), null))).isNotNull();
    assertThat(Landscape.psiUnsupported(VisionModels.byName("vgg11", 2, Shape.of(8, 8, 3), null))).isNull();
    CliRun bad = CliRun.of("landscape", "--checkpoint", run.toString(), "--psi-eps", "1");
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err()).contains("--psi-eps must be in [0, 1), got 1.0");
  }
}
