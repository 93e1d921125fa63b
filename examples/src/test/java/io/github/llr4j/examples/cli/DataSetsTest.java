package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {

  @Test
  void idxCountComesFromTheHeader(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("labels.gz");
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(f)))) {
      out.writeInt(0x00000801); // unsigned byte, rank 1
      out.writeInt(1234);
      out.write(new byte[1234]);
    }
    assertThat(DataSets.idxCount(f)).isEqualTo(1234);
  }

  @Test
  void nonIdxFileNamesTheOffsetAndExpectation(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.gz");
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(f)))) {
      out.writeInt(0x12345678);
    }
    assertThatThrownBy(() -> DataSets.idxCount(f)).isInstanceOf(IOException.class)
        .hasMessage("offset 0: expected an IDX magic number 0x0000TTRR, got 0x12345678");
  }
}
