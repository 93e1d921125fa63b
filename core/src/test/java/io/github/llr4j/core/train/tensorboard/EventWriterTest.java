package io.github.llr4j.core.train.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.testing.EventFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

class EventWriterTest {

  @TempDir Path dir;

  @Test
  void writesScalarsHistogramsImagesAndTheGraphThatReadBack() throws Exception {
    try (EventWriter w = new EventWriter(dir)) {
      w.scalars(new String[] {"a", "b", "a", "x"}, new long[] {3, 3, 4, 9}, new float[] {1.5f, -2f, 0.25f, 7f}, 3);
      w.scalar("c", 7, Math.PI);
      try (TFloat32 v = TFloat32.vectorOf(1, 2, 2, 3, 10)) {
        w.histogram("h", 2, v);
      }
      try (TUint8 img = TUint8.tensorOf(Shape.of(1, 2, 3, 1))) {
        img.setByte((byte) 200, 0, 1, 2, 0);
        w.image("img", 5, img);
      }
      try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
        org.tensorflow.op.Ops.create(g).withName("answer").constant(42f);
        w.graph(0, g.toGraphDef().toByteArray());
      }
    }
    List<Path> files = EventFiles.files(dir);
    assertThat(files).hasSize(1);
    List<Event> events = EventFiles.read(files.get(0));
    assertThat(events.get(0).getFileVersion()).startsWith("brain.Event:");
    List<EventFiles.Value> a = EventFiles.values(dir, "a");
    assertThat(a).extracting(EventFiles.Value::step).containsExactly(3L, 4L);
    assertThat(a).extracting(v -> v.value().getSimpleValue()).containsExactly(1.5f, 0.25f);
    assertThat(EventFiles.values(dir, "b").get(0).value().getSimpleValue()).isEqualTo(-2f);
    assertThat(EventFiles.values(dir, "x")).isEmpty();
    assertThat(EventFiles.values(dir, "c").get(0).value().getSimpleValue()).isEqualTo((float) Math.PI);
    var h = EventFiles.values(dir, "h").get(0);
    assertThat(h.step()).isEqualTo(2);
    assertThat(h.value().getHisto().getNum()).isEqualTo(5);
    assertThat(h.value().getHisto().getMin()).isEqualTo(1);
    assertThat(h.value().getHisto().getMax()).isEqualTo(10);
    assertThat(h.value().getHisto().getSum()).isEqualTo(18);
    var im = EventFiles.values(dir).stream().filter(v -> v.tag().startsWith("img")).findFirst().orElseThrow();
    assertThat(im.step()).isEqualTo(5);
    assertThat(im.value().getImage().getHeight()).isEqualTo(2);
    assertThat(im.value().getImage().getWidth()).isEqualTo(3);
    assertThat(im.value().getImage().getEncodedImageString().toByteArray()).startsWith(0x89, 'P', 'N', 'G');
    Event graph = events.stream().filter(Event::hasGraphDef).findFirst().orElseThrow();
    assertThat(GraphDef.parseFrom(graph.getGraphDef()).getNodeList()).anyMatch(n -> n.getName().equals("answer"));
  }

  @Test
  void aSecondWriterAppendsAFileAndAClosedWriterRefuses() {
    EventWriter first = new EventWriter(dir);
    first.scalar("a", 0, 1);
    first.close();
    first.close();
    try (EventWriter second = new EventWriter(dir)) {
      second.scalar("a", 1, 2);
    }
    assertThat(EventFiles.files(dir)).hasSize(2);
    assertThat(EventFiles.values(dir, "a")).extracting(EventFiles.Value::step).containsExactly(0L, 1L);
    assertThatThrownBy(() -> first.scalar("a", 2, 3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void aCorruptChecksumIsReported() throws Exception {
    try (EventWriter w = new EventWriter(dir)) {
      w.scalar("a", 0, 1);
    }
    Path f = EventFiles.files(dir).get(0);
    byte[] b = Files.readAllBytes(f);
    b[b.length - 6] ^= 1;
    Files.write(f, b);
    assertThatThrownBy(() -> EventFiles.read(f)).hasMessageContaining("checksum");
  }
}
