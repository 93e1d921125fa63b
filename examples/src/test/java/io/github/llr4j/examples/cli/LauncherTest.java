package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./llr4j} launcher script, run by bash: called through a symlink in another folder, it
 * finds its repository. The repository here is a copy of the script beside a finished build's
 * markers (stamp, class path file, classes folder), so the launcher runs the program without
 * building; the program's classes come from this test's class path.
 */
class LauncherTest {

  @Test
  void runsThroughASymlinkFromAnotherFolder(@TempDir Path tmp) throws IOException, InterruptedException {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.copy(Path.of("..", "llr4j"), repo.resolve("llr4j"), StandardCopyOption.COPY_ATTRIBUTES);
    Path target = Files.createDirectories(repo.resolve("examples/target/classes"));
    Files.writeString(target.resolveSibling("classpath.txt"), System.getProperty("java.class.path"));
    Files.writeString(target.resolveSibling("llr4j-build.stamp"), "args:");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("llr4j"), repo.resolve("llr4j"));
    Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));

    ProcessBuilder pb = new ProcessBuilder("bash", bin.resolve("llr4j").toString(), "--version")
        .directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("LLR4J_MAVEN_ARGS");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).as(output).startsWith("llr4j ").doesNotContain("building");
  }
}
