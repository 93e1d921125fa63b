package io.github.llr4j.nlp.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hugging Face files that are well-formed JSON but inconsistent: each is refused with the file and
 * the tensor or key named.
 */
class HfFileValidationTest {

  @TempDir Path dir;

  /** A safetensors file with this header and {@code data} as its data section. */
  private Path safetensors(String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put(data);
    Path f = dir.resolve("model.safetensors");
    Files.write(f, b.array());
    return f;
  }

  private static byte[] f32(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) b.putFloat(x);
    return b.array();
  }

  private static int headerEnd(String header) {
    return 8 + header.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void overlappingTensorsAreRefused() throws IOException {
    String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    Path f = safetensors(h, f32(1, 2, 3));
    assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("safetensors file " + f + " is corrupt at byte offset " + (headerEnd(h) + 4) + ": expected tensors"
            + " that do not overlap, got tensor 'b' at [4, 12) inside tensor 'a' at [0, 8)");
  }

  @Test
  void gapsAndUncoveredBytesAreRefused() throws IOException {
    String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
    Path f = safetensors(gap, f32(1, 2, 3));
    assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining(f.toString())
        .hasMessageEndingWith("expected tensor 'b' to start at data offset 4 where tensor 'a' ends, got 8 (a gap of 4 bytes)");
    String shortOne = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    Path g = safetensors(shortOne, f32(1, 2, 3));
    assertThatThrownBy(() -> SafeTensors.read(g)).hasMessageContaining(g.toString())
        .hasMessageEndingWith("the tensors end at data offset 8 (tensor 'a') but the data section has 12");
  }

  @Test
  void f32BytesDeclaredF16AreRefused() throws IOException {
    // four F32 values (16 bytes) declared as an F16 [4] tensor, which would be 8 bytes
    String h = "{\"w\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    Path f = safetensors(h, f32(0.5f, -1, 2, 3));
    assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining(f.toString())
        .hasMessageEndingWith("expected tensor 'w' of 8 bytes (F16 [4] = prod(shape) x 2 bytes), got 16");
    // the same bytes with a shape that makes the length fit: the decoded halves include NaN/inf
    String h2 = "{\"w\":{\"dtype\":\"F16\",\"shape\":[8],\"data_offsets\":[0,16]}}";
    Path g = safetensors(h2, f32(Float.NaN, 1, 1, 1));
    assertThatThrownBy(() -> SafeTensors.read(g)).hasMessageContaining(g.toString())
        .hasMessageContaining("expected finite values in tensor 'w' (F16 [8]), got NaN at index 1");
  }

  @Test
  void nonIntegerShapesAndOffsetsAreRefused() throws IOException {
    String h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}";
    Path f = safetensors(h, f32(1, 2));
    assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining(f.toString())
        .hasMessageEndingWith("expected tensor 'w' with non-negative integer dimensions, got [2.5]");
    String h2 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,\"8\"]}}";
    Path g = safetensors(h2, f32(1, 2));
    assertThatThrownBy(() -> SafeTensors.read(g)).hasMessageContaining("tensor 'w' data in [0, 8]");
    String ok = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    assertThat(SafeTensors.read(safetensors(ok, f32(1, 2))).get("w").values()).containsExactly(1f, 2f);
  }

  @Test
  void configSizesMustBePositiveIntegers() throws IOException {
    Path c = dir.resolve("config.json");
    String base = "\"vocab_size\": 30, \"num_hidden_layers\": 1, \"num_attention_heads\": 2,"
        + " \"intermediate_size\": 8, \"max_position_embeddings\": 16";
    Files.writeString(c, "{\"hidden_size\": 16.7, " + base + "}");
    assertThatThrownBy(() -> BertConfig.read(c)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config file " + c + ": 'hidden_size' must be an integer >= 1, got 16.7");
    Files.writeString(c, "{\"hidden_size\": 0, " + base + "}");
    assertThatThrownBy(() -> BertConfig.read(c)).hasMessage("config file " + c + ": 'hidden_size' must be an integer >= 1, got 0");
    Files.writeString(c, "{\"hidden_size\": 16, \"pad_token_id\": \"0\", " + base + "}");
    assertThatThrownBy(() -> BertConfig.read(c)).hasMessage("config file " + c + ": 'pad_token_id' must be an integer >= 0, got \"0\"");
    Files.writeString(c, "{\"hidden_size\": 16, \"hidden_dropout_prob\": \"high\", " + base + "}");
    assertThatThrownBy(() -> BertConfig.read(c)).hasMessageContaining("'hidden_dropout_prob' must be a finite number");
    Files.writeString(c, "{\"hidden_size\": 16, " + base + "}");
    assertThat(BertConfig.read(c).hidden()).isEqualTo(16);
  }
}
