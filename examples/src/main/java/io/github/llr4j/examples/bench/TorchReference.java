package io.github.llr4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PyTorch CPU step as a bench variant (ResNet-20 training step or PGD attack,
 * {@code bench/resnet20_torch.py}; transformer fine-tuning step, {@code bench/transformer_torch.py};
 * both serve through {@code bench/torch_serve.py}): the script runs with {@code --serve} under the
 * system's {@code python3} (Debian:
 * {@code apt-get install python3-torch}), warms up, then performs one step per request. So its
 * steps are timed interleaved with llr4j's, in the same rounds, instead of in a separate run
 * minutes later (this machine's speed drifts by 10-20% between such runs). A request costs one pipe
 * round trip, well under 0.1 ms, inside the timed step.
 */
public final class TorchReference implements AutoCloseable {

  /**
   * What the reference reports after its warm-up; {@code ompWaitPolicy} is its {@code
   * OMP_WAIT_POLICY} (empty: unset, GNU OpenMP spins a while before sleeping); {@code blas} the BLAS
   * library it loaded (Debian's torch multiplies matrices through libblas.so.3: {@code libblas.so.3}
   * itself is the slow reference BLAS, install libopenblas0-pthread), empty if unknown.
   */
  public record Info(String framework, int threads, long parameters, String ompWaitPolicy, String blas) {
    /** E.g. {@code pytorch 1.13.0 (2 threads, OMP_WAIT_POLICY=PASSIVE, BLAS libopenblasp-r0.3.21.so)}. */
    public String describe() {
      return framework + " (" + threads + " threads, OMP_WAIT_POLICY=" + (ompWaitPolicy.isEmpty() ? "unset" : ompWaitPolicy)
          + ", BLAS " + (blas.isEmpty() ? "unknown" : blas) + ")";
    }
  }

  private final Process process;
  private final Path dir;
  private final OutputStream toPython;
  private final BufferedReader fromPython;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final Info info;

  private TorchReference(Process process, Path dir) throws IOException {
    this.process = process;
    this.dir = dir;
    this.toPython = process.getOutputStream();
    this.fromPython = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = readLine();
    JsonNode j;
    try {
      j = new ObjectMapper().readTree(first);
    } catch (IOException e) {
      throw failure();
    }
    if (!j.hasNonNull("framework") || !j.hasNonNull("threads") || !j.hasNonNull("parameters")) throw failure();
    this.info = new Info(j.get("framework").asText(), j.get("threads").asInt(), j.get("parameters").asLong(),
        j.path("omp_wait_policy").asText(""), j.path("blas").asText(""));
  }

  /** Starts the ResNet-20 training-step reference for one input shape; returns after its warm-up steps. */
  public static TorchReference start(int batch, int height, int width, int channels, int warmup) {
    return start("resnet20_torch.py", List.of("--batch", "" + batch, "--height", "" + height, "--width", "" + width,
        "--channels", "" + channels, "--warmup", "" + warmup));
  }

  /**
   * Starts {@code bench/<script> --serve <args>} (a bundled script that prints its info line after
   * warming up, then steps once per request); returns after its warm-up.
   *
   * <p>The reference's OpenMP threads wait passively ({@code OMP_WAIT_POLICY=PASSIVE}, unless the
   * caller's environment sets the variable): with GNU OpenMP's default spinning, PyTorch's idle pool
   * burns the cores llr4j's turn needs, and on a loaded machine its own step is several times slower
   * whenever a spinning thread has lost its core (measured: 2.4 s instead of 0.42 s per step).
   */
  public static TorchReference start(String scriptName, List<String> args) {
    // the script and the module it imports (torch_serve.py) side by side in a folder of their own
    Path dir;
    try {
      dir = Files.createTempDirectory("llr4j-torch");
      for (String name : List.of(scriptName, "torch_serve.py")) {
        try (InputStream in = TorchReference.class.getResourceAsStream("/bench/" + name)) {
          if (in == null) {
            deleteQuietly(dir);
            throw new IllegalStateException("bench/" + name + " is missing from the class path");
          }
          Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot extract the PyTorch reference script", e);
    }
    Path script = dir.resolve(scriptName);
    // Debian's interpreter first: python3-torch installs into its dist-packages, which a python3
    // earlier on PATH (pyenv, venv) does not see
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    List<String> command = new java.util.ArrayList<>(List.of(python, script.toString(), "--serve"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    // no __pycache__ next to the scripts: the folder is deleted on close
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new IllegalArgumentException("cannot run python3 for the PyTorch reference: " + e.getMessage(), e);
    }
    try {
      return new TorchReference(p, dir);
    } catch (IOException | RuntimeException e) {
      // a reference that did not come up (torch missing, unexpected output) must not outlive the bench
      p.destroyForcibly();
      deleteQuietly(dir);
      if (e instanceof IllegalArgumentException iae) throw iae;
      throw new IllegalArgumentException("the PyTorch reference did not start: " + e, e);
    }
  }

  public Info info() {
    return info;
  }

  /** One step of the reference (a training step, or an attack) on its fixed random batch. */
  public void step() {
    try {
      toPython.write('\n');
      toPython.flush();
      if (!"ok".equals(readLine())) throw failure();
    } catch (IOException e) {
      throw failure();
    }
  }

  private String readLine() throws IOException {
    String line;
    // library warnings may precede the answer; keep the last few lines for the error message
    while ((line = fromPython.readLine()) != null) {
      String t = line.strip();
      if (t.equals("ok") || t.startsWith("{")) return t;
      lastLines.addLast(t);
      if (lastLines.size() > 5) lastLines.removeFirst();
    }
    throw failure();
  }

  private IllegalArgumentException failure() {
    String out = String.join(" | ", lastLines);
    String hint = out.contains("No module named 'torch'") ? " (install it: apt-get install -y python3-torch)" : "";
    return new IllegalArgumentException("the PyTorch reference failed" + hint + ": "
        + (out.isEmpty() ? "no output" : out));
  }

  @Override
  public void close() {
    try {
      toPython.close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Deletes the extracted scripts' folder (flat: the scripts only). */
  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
