package io.github.llr4j.core.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads TensorBoard event files back, independently of the code that wrote them: the TFRecord
 * framing (uint64 little-endian length, masked CRC-32C of those 8 bytes, the data, masked CRC-32C
 * of the data; both checksums verified) and each record parsed as TF-Java's {@link Event} proto.
 * A wrong checksum or a truncated record is an exception naming the file and the offset.
 */
public final class EventFiles {
  private EventFiles() {}

  /** One summary value as TensorBoard sees it: the tag, its step and the event's proto value. */
  public record Value(String tag, long step, Summary.Value value) {}

  /** The {@code events.out.tfevents.*} files directly in {@code dir}, sorted by name; none when the folder is missing. */
  public static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every event of every file in {@code dir}, file by file in name order. */
  public static List<Event> events(Path dir) {
    List<Event> out = new ArrayList<>();
    for (Path f : files(dir)) out.addAll(read(f));
    return out;
  }

  /** Every summary value in {@code dir} with its step, in file order. */
  public static List<Value> values(Path dir) {
    List<Value> out = new ArrayList<>();
    for (Event e : events(dir))
      if (e.hasSummary()) for (Summary.Value v : e.getSummary().getValueList()) out.add(new Value(v.getTag(), e.getStep(), v));
    return out;
  }

  /** The values of {@code tag} in {@code dir}. */
  public static List<Value> values(Path dir, String tag) {
    return values(dir).stream().filter(v -> v.tag().equals(tag)).toList();
  }

  /** The events of one file, checksums verified. */
  public static List<Event> read(Path file) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (b.hasRemaining()) {
      int at = b.position();
      if (b.remaining() < 12) throw new IllegalStateException(file + ": truncated record header at offset " + at);
      byte[] header = new byte[8];
      b.get(header);
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      check(file, at, "length", b.getInt(), header);
      if (length < 0 || length > b.remaining() - 4)
        throw new IllegalStateException(file + ": record at offset " + at + " claims " + length + " bytes, "
            + (b.remaining() - 4) + " left");
      byte[] data = new byte[(int) length];
      b.get(data);
      check(file, at, "data", b.getInt(), data);
      try {
        events.add(Event.parseFrom(data));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(file + ": record at offset " + at + " is not an Event: " + e.getMessage(), e);
      }
    }
    return events;
  }

  private static void check(Path file, int at, String what, int stored, byte[] bytes) {
    int expected = masked(bytes);
    if (stored != expected)
      throw new IllegalStateException(file + ": " + what + " checksum of the record at offset " + at + " is "
          + Integer.toHexString(stored) + ", expected " + Integer.toHexString(expected));
  }

  /** TFRecord's masked CRC-32C: rotate right by 15 and add 0xa282ead8. */
  static int masked(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }
}
