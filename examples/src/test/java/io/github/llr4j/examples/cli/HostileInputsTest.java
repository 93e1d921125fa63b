package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile but realistic command lines: each is refused with exactly one line on stderr that names
 * the problem, and exit code 2, before any training starts. DATA is a tiny image-folder data set,
 * RUN a finished one-step run on it, IMG one of its images, TMP an empty folder.
 */
class HostileInputsTest {

  @TempDir static Path tmp;
  static Path data;
  static Path run;

  @BeforeAll
  static void prepare() throws IOException {
    data = TinyImages.write(tmp.resolve("data"), 8);
    run = tmp.resolve("run");
    CliRun r = CliRun.of("train", "--dataset", "folder", "--data", data.toString(), "--epochs", "1", "--batch-size", "8",
        "--val-fraction", "0", "--max-steps", "1", "--log-every", "0", "--out", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static final String[] TRAIN = {"train", "--dataset", "folder", "--data", "DATA", "--epochs", "1",
      "--batch-size", "8", "--log-every", "0", "--out", "TMP/out"};

  private static Arguments train(String expected, String... extra) {
    List<String> a = new ArrayList<>(List.of(TRAIN));
    for (int i = 0; i < extra.length; i += 2) {
      int at = a.indexOf(extra[i]);
      if (at >= 0 && i + 1 < extra.length && !extra[i + 1].startsWith("--")) a.set(at + 1, extra[i + 1]);
      else {
        a.add(extra[i]);
        if (i + 1 < extra.length) a.add(extra[i + 1]);
      }
    }
    return Arguments.of(String.join(" ", extra), a.toArray(String[]::new), expected);
  }

  private static Arguments cmd(String expected, String... args) {
    return Arguments.of(String.join(" ", args), args, expected);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        train("--epochs must be >= 1, got 0", "--epochs", "0"),
        train("--epochs must be >= 1, got -3", "--epochs", "-3"),
        train("--batch-size must be >= 1, got 0", "--batch-size", "0"),
        train("--val-fraction must be in [0, 1), got 1.5", "--val-fraction", "1.5"),
        train("--limit-train and --limit-test must be >= 0", "--limit-train", "-1"),
        train("--max-steps must be >= 0 (0 = no limit), got -1", "--max-steps", "-1"),
        train("--log-every must be >= 0 (0 = quiet), got -1", "--log-every", "-1"),
        train("--crop-pad must be >= 0, got -2", "--crop-pad", "-2"),
        train("resnet7", "--model", "resnet7"),
        train("imagenet", "--dataset", "imagenet"),
        train("--lr must be positive, got -0.1", "--lr", "-0.1"),
        train("--lr must be positive, got NaN", "--lr", "NaN"),
        train("--weight-decay must be >= 0, got -1.0", "--weight-decay", "-1"),
        train("sech b must be in [9.9", "--reshape", "sech", "--param", "b=1e-46"),
        train("b must be a number, got 'abc'", "--reshape", "sech", "--param", "b=abc"),
        train("--eps must be in (0, 1]", "--task", "adversarial", "--eps", "5"),
        train("--sam must be > 0 and finite (the SAM radius rho), got -0.1", "--sam", "-0.1"),
        train("--cyclic-b cycles must be in [1, epochs = 1], got 0", "--reshape", "sech", "--cyclic-b", "0.3:0"),
        train("--initial-loss must be evaluated[:N], first-epoch, none or a positive number, got '-1'", "--reshape",
            "sech", "--initial-loss", "-1"),
        train("--sam-interval must be >= 1, got 0", "--sam", "0.05", "--sam-interval", "0"),
        train("Invalid value for option '--epochs'", "--epochs", "abc"),
        train("sech b must be in [", "--reshape", "sech", "--cyclic-b", "1e39:1"),
        train("--task must be vision, text or adversarial, got 'audio'", "--task", "audio"),
        cmd("must be a run folder of `llr4j train` with model.json, got TMP/missing", "predict", "--checkpoint",
            "TMP/missing", "IMG"),
        cmd("--top must be in [1, 2], got 0", "predict", "--checkpoint", "RUN", "--top", "0", "IMG"),
        cmd("TMP/nope.png", "predict", "--checkpoint", "RUN", "TMP/nope.png"),
        cmd("--eps values must be in [0, 1] for --attack pgd", "attack", "--checkpoint", "RUN", "--eps", "0.1,2"),
        cmd("--eps values must be in [0, 13.85] for --attack pgd-l2", "attack", "--checkpoint", "RUN", "--attack",
            "pgd-l2", "--eps", "100"),
        cmd("--magnitudes must be a finite number, got 'NaN'", "attack", "--checkpoint", "RUN", "--noise", "gaussian",
            "--magnitudes", "0.1,NaN"),
        cmd("--magnitudes of --noise gaussian must be >= 0 (a standard deviation), got -0.1", "attack", "--checkpoint",
            "RUN", "--noise", "gaussian", "--magnitudes", "-0.1"),
        cmd("--noise must be shift, gaussian, uniform or uniform-ref, got 'pink'", "attack", "--checkpoint", "RUN",
            "--noise", "pink", "--magnitudes", "0.1"),
        cmd("--steps must be >= 1, got 0", "attack", "--checkpoint", "RUN", "--eps", "0.1", "--steps", "0"),
        cmd("--limit must be >= 0, got -1", "attack", "--checkpoint", "RUN", "--eps", "0.1", "--limit", "-1"),
        cmd("sech b must be > 0 and finite, got -1.0", "reshape", "--fn", "sech", "--param", "b=-1", "--loss", "0.5"),
        cmd("--limit must be >= 1, got 0", "landscape", "--checkpoint", "RUN", "--limit", "0"),
        cmd("--epochs must be >= 1, got 0", "compare", "--epochs", "0", "--data", "DATA", "--dataset", "folder"),
        cmd("--epochs must be >= 1, got 0", "pretrain", "--task", "mlm", "--epochs", "0"),
        cmd("--mask-rate must be in (0, 1), got 1.5", "pretrain", "--task", "mlm", "--epochs", "1", "--mask-rate", "1.5"),
        cmd("--dropout must be in [0, 1), got 1.5", "train", "--task", "text", "--dataset", "spam", "--epochs", "1",
            "--dropout", "1.5"),
        cmd("--initial-loss must be > 0 and finite, got -1.0", "explain", "--initial-loss", "-1"),
        cmd("--points must be >= 3, got 0", "landscape", "--checkpoint", "RUN", "--points", "0"),
        cmd("--seeds must be >= 1, got 0", "compare", "--epochs", "1", "--seeds", "0"),
        cmd("unknown command 'nope'", "help", "nope"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isOneClearLineAndExitTwo(String name, String[] args, String expected) throws IOException {
    Path scratch = Files.createTempDirectory(tmp, "case");
    String[] resolved = new String[args.length];
    for (int i = 0; i < args.length; i++)
      resolved[i] = args[i].replace("DATA", data.toString()).replace("RUN", run.toString())
          .replace("IMG", data.resolve("test/dark/0.png").toString()).replace("TMP", scratch.toString());
    CliRun r = CliRun.of(resolved);
    assertThat(r.code()).as(r.err()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("llr4j ").contains(expected.replace("TMP", scratch.toString()));
    assertThat(r.out()).as("nothing trained").doesNotContain("epoch 0 done");
  }
}
