package io.github.llr4j.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.vision.models.ImageInput;
import io.github.llr4j.vision.models.ResNetCifar;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * The PyTorch reference answers step requests and is the same network as ours (equal parameter
 * count). Runs where Debian's python3-torch is installed (it is not on a fresh CI machine).
 */
class TorchReferenceTest {

  @Test
  void servesStepsOfTheSameResNet20() throws Exception {
    Assumptions.assumeTrue(torchAvailable(), "python3-torch not installed");
    try (TorchReference t = TorchReference.start(4, 8, 8, 1, 1)) {
      t.step();
      t.step();
      long ours = ResNetCifar.of(20, 10, ImageInput.unnormalised(8, 8, 1)).parameterCount();
      assertThat(t.info().parameters()).isEqualTo(ours).isEqualTo(269_434L);
      assertThat(t.info().framework()).startsWith("pytorch ");
      assertThat(t.info().threads()).isPositive();
    }
  }

  @Test
  void servesPgdAttacksAndTheSameTransformer() throws Exception {
    Assumptions.assumeTrue(torchAvailable(), "python3-torch not installed");
    try (TorchReference t = TorchReference.start("resnet20_torch.py", List.of("--task", "pgd", "--batch", "2",
        "--height", "8", "--width", "8", "--channels", "1", "--attack-steps", "2", "--warmup", "1"))) {
      t.step();
      assertThat(t.info().parameters()).isEqualTo(269_434L);
      // the bench's default: idle OpenMP threads sleep instead of spinning on llr4j's cores
      assertThat(t.info().ompWaitPolicy()).isEqualTo(System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"));
      // after a warm-up step the matrix library is mapped, whichever provides it
      assertThat(t.info().blas()).contains("blas");
    }
    // vocabulary 50, 16 positions, hidden 32, 2 layers, 4 heads, intermediate 64, 2 classes
    long ours;
    try (Graph g = new Graph()) {
      ours = TransformerSpec.bert("custom", 50, 16, 32, 2, 4, 64, 2).build(Ops.create(g), 1).parameterCount();
    }
    try (TorchReference t = TorchReference.start("transformer_torch.py", List.of("--vocab", "50", "--layers", "2",
        "--hidden", "32", "--heads", "4", "--intermediate", "64", "--batch", "2", "--length", "16", "--warmup", "1"))) {
      t.step();
      // V H + P H + 2 H + 2 H + L (4 H^2 + 4 H + 2 H F + F + H + 4 H) + H^2 + H + 2 H + 2
      long formula = 50 * 32 + 16 * 32 + 2 * 32 + 2 * 32 + 2 * (4 * 32 * 32 + 4 * 32 + 2 * 32 * 64 + 64 + 32 + 4 * 32)
          + 32 * 32 + 32 + 2 * 32 + 2;
      assertThat(t.info().parameters()).isEqualTo(ours).isEqualTo(formula);
    }
  }

  private static boolean torchAvailable() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) return false;
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
