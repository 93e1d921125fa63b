package io.github.llr4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the bundled PyTorch ResNet-20 step timer ({@code bench/resnet20_torch.py}) with the
 * system's {@code python3} (Debian: {@code apt-get install python3-torch}) and reads its JSON line.
 */
public final class TorchReference {

  /** The reference's result: framework version, threads, median ms per step, parameter count. */
  public record Result(String framework, int threads, double medianMs, long parameters) {}

  private TorchReference() {}

  public static Result run(int batch, int height, int width, int channels, int steps) {
    Path script;
    try (InputStream in = TorchReference.class.getResourceAsStream("/bench/resnet20_torch.py")) {
      if (in == null) throw new IllegalStateException("bench/resnet20_torch.py is missing from the class path");
      script = Files.createTempFile("resnet20_torch", ".py");
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot extract the PyTorch reference script", e);
    }
    try {
      // Debian's interpreter first: python3-torch installs into its dist-packages, which a python3
      // earlier on PATH (pyenv, venv) does not see
      String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
      Process p = new ProcessBuilder(List.of(python, script.toString(), "--batch", "" + batch, "--height",
          "" + height, "--width", "" + width, "--channels", "" + channels, "--steps", "" + steps))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        String hint = out.contains("No module named 'torch'")
            ? " (install it: apt-get install -y python3-torch)" : "";
        throw new IllegalArgumentException("the PyTorch reference failed" + hint + ": "
            + out.strip().lines().reduce((a, b) -> b).orElse("no output"));
      }
      String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
      JsonNode j = new ObjectMapper().readTree(last);
      return new Result(j.get("framework").asText(), j.get("threads").asInt(), j.get("median_ms").asDouble(),
          j.get("parameters").asLong());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot run python3 for the PyTorch reference: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing PyTorch", e);
    } finally {
      try {
        Files.deleteIfExists(script);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
