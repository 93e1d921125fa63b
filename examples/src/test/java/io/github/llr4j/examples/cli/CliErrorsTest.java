package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.run.RunLock;
import io.github.llr4j.core.run.RunStoppedException;
import io.github.llr4j.examples.Llr4j;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The error policy end to end: user errors are one line and exit 2, bugs keep their trace and exit 1. */
class CliErrorsTest {

  @TempDir static Path data;

  @BeforeAll
  static void writeImages() throws IOException {
    TinyImages.write(data, 16);
  }

  private static String[] train(Path out, String... extra) {
    String[] base = {"train", "--dataset", "folder", "--data", data.toString(), "--model", "resnet20",
        "--epochs", "1", "--batch-size", "8", "--val-fraction", "0", "--log-every", "0", "--out", out.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void divergenceIsOneLineWithExitTwoAndATraceOnlyWhenVerbose(@TempDir Path tmp) {
    CliRun run = CliRun.of(train(tmp.resolve("a"), "--lr", "1e12"));
    assertThat(run.code()).as(run.err()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(run.err().lines()).hasSize(1);
    // the wording is core/train's; the policy needs only the cause named in one line
    assertThat(run.err()).startsWith("llr4j train: ").contains("diverged").doesNotContain("\tat ");

    CliRun verbose = CliRun.of(train(tmp.resolve("b"), "--lr", "1e12", "--verbose"));
    assertThat(verbose.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(verbose.err()).startsWith("llr4j train: ").contains("diverged")
        .contains("io.github.llr4j.core.run.RunStoppedException").contains("\tat io.github.llr4j.core.train.Trainer");

  }

  @Test
  void verboseWorksBeforeTheCommandAndFromTheEnvironment() {
    String[] bad = {"reshape", "--fn", "sech", "--param", "b=-1", "--loss", "0.5"};
    CliRun plain = CliRun.of(bad);
    assertThat(plain.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(plain.err()).isEqualTo("llr4j reshape: sech b must be > 0 and finite, got -1.0" + System.lineSeparator());
    String[] global = new String[bad.length + 1];
    global[0] = "--verbose";
    System.arraycopy(bad, 0, global, 1, bad.length);
    CliRun first = CliRun.of(global);
    assertThat(first.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(first.err()).startsWith("llr4j reshape: sech b must be > 0").contains("\tat io.github.llr4j.core.reshape.Sech");
    StringWriter err = new StringWriter();
    int code = Llr4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err), true, bad);
    assertThat(code).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(err.toString()).contains("\tat io.github.llr4j.core.reshape.Sech");
  }

  @Test
  void refusedResumeIsOneLine(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    CliRun first = CliRun.of(train(out, "--max-steps", "1"));
    assertThat(first.code()).as(first.err()).isZero();
    CliRun other = CliRun.of(train(out, "--resume", "--lr", "0.01"));
    assertThat(other.code()).as(other.err()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(other.err().lines()).hasSize(1);
    assertThat(other.err()).startsWith("llr4j train: ").containsIgnoringCase("resume");
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @CommandLine.Parameters String what;

    @Override
    public Integer call() throws Exception {
      switch (what) {
        case "npe" -> throw new NullPointerException("x is null");
        case "lifecycle" -> throw new IllegalStateException("build must be called before inputs");
        case "missing" -> throw new UncheckedIOException("cannot read /no/such.idx", new NoSuchFileException("/no/such.idx"));
        case "denied" -> throw new AccessDeniedException("/root/x");
        default -> throw new IllegalArgumentException("--what must be npe, got '" + what + "'");
      }
    }
  }

  private static CliRun boom(String what) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = new CommandLine(new Boom());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    CliErrors.install(cl, false);
    int code = cl.execute(what);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void bugsKeepTheirTraceAndExitOne() {
    CliRun npe = boom("npe");
    assertThat(npe.code()).isEqualTo(CliErrors.FAILURE);
    assertThat(npe.err()).startsWith("boom: internal error").contains("java.lang.NullPointerException: x is null")
        .contains("\tat io.github.llr4j.examples.cli.CliErrorsTest$Boom.call");
    CliRun lifecycle = boom("lifecycle");
    assertThat(lifecycle.code()).isEqualTo(CliErrors.FAILURE);
    assertThat(lifecycle.err()).contains("\tat ");
  }

  @Test
  void fileErrorsNameTheFileAndWhatHappened() {
    CliRun missing = boom("missing");
    assertThat(missing.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(missing.err()).isEqualTo("boom: cannot read /no/such.idx: no such file or directory" + System.lineSeparator());
    CliRun denied = boom("denied");
    assertThat(denied.err()).isEqualTo("boom: /root/x: permission denied" + System.lineSeparator());
    CliRun bad = boom("other");
    assertThat(bad.err()).isEqualTo("boom: --what must be npe, got 'other'" + System.lineSeparator());
  }

  @Test
  void lockHeldByAnotherTrainingIsOneLineWithExitTwo(@TempDir Path tmp) throws IOException {
    Path out = Files.createDirectories(tmp.resolve("run"));
    // an OS lock on the run folder's lock file, as another process holding it would have
    try (FileChannel ch = FileChannel.open(out.resolve(RunLock.FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = ch.lock()) {
      CliRun run = CliRun.of(train(out));
      assertThat(run.code()).as(run.err()).isEqualTo(CliErrors.INVALID_INPUT);
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err()).startsWith("llr4j train: output folder " + out + " is in use by another training")
          .contains("choose another --out").doesNotContain("\tat ");
    }
    assertThat(out.resolve("metrics.jsonl")).doesNotExist();
  }

  @Test
  void userErrorsAreClassifiedByTypeNotByMessage() {
    assertThat(CliErrors.isUserError(new RunStoppedException("anything at all"))).isTrue();
    assertThat(CliErrors.isUserError(new IllegalArgumentException("x"))).isTrue();
    assertThat(CliErrors.isUserError(new UncheckedIOException("x", new IOException("y")))).isTrue();
    assertThat(CliErrors.isUserError(new IOException("x"))).isTrue();
    // a plain IllegalStateException is a lifecycle error, whatever its words
    assertThat(CliErrors.isUserError(new IllegalStateException("training diverged: loss L = NaN at step 2"))).isFalse();
    assertThat(CliErrors.isUserError(new IllegalStateException("runs/x is locked by another training (pid 12)"))).isFalse();
    assertThat(CliErrors.isUserError(new IllegalStateException("build must be called before inputs"))).isFalse();
    assertThat(CliErrors.isUserError(new NullPointerException())).isFalse();
    assertThat(CliErrors.verboseEnv("1")).isTrue();
    assertThat(CliErrors.verboseEnv("0")).isFalse();
    assertThat(CliErrors.verboseEnv(null)).isFalse();
  }
}
