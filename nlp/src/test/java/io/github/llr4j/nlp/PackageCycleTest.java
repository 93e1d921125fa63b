package io.github.llr4j.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.testing.PackageGraph;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PackageCycleTest {

  @Test
  void packagesFormNoCycle() {
    PackageGraph g = PackageGraph.read(Path.of("src/main/java"), "io.github.llr4j");
    assertThat(g.edges()).isNotEmpty();
    assertThat(g.cycles()).isEmpty();
  }
}
