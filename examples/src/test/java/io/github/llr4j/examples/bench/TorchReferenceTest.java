package io.github.llr4j.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.vision.models.ImageInput;
import io.github.llr4j.vision.models.ResNetCifar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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

  private static boolean torchAvailable() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) return false;
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
