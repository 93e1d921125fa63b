package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * The workers of one data-parallel run and this process's place among them: task {@code i} of the
 * TensorFlow job {@code worker} listens on {@code addresses[i]} ({@code host:port}); this process
 * is task {@code rank}. Rank 0 is the chief: the collective group leader and the only writer of
 * the run folder.
 */
public record ClusterSpec(List<String> addresses, int rank) {

  /** The TensorFlow job every task belongs to. */
  public static final String JOB = "worker";

  public ClusterSpec {
    Require.notNull("cluster addresses", addresses);
    Require.that(addresses.size() >= 2, "--cluster", "list at least 2 host:port addresses", addresses,
        "give every worker's address, e.g. --cluster localhost:2222,localhost:2223");
    addresses = List.copyOf(addresses);
    for (String a : addresses) requireAddress(a);
    Require.that(addresses.stream().distinct().count() == addresses.size(), "--cluster",
        "list every address once", addresses);
    Require.that(rank >= 0 && rank < addresses.size(), "--rank", "be in [0, " + (addresses.size() - 1) + "]",
        rank, "number the workers 0.." + (addresses.size() - 1) + " in --cluster order");
  }

  /** Parses {@code host:port,host:port,...}. */
  public static ClusterSpec parse(String commaSeparated, int rank) {
    Require.notNull("--cluster", commaSeparated);
    List<String> list = new ArrayList<>();
    for (String s : commaSeparated.split(",")) list.add(s.trim());
    return new ClusterSpec(list, rank);
  }

  private static void requireAddress(String a) {
    int colon = a.lastIndexOf(':');
    boolean ok = colon > 0 && colon < a.length() - 1;
    int port = -1;
    if (ok) {
      try {
        port = Integer.parseInt(a.substring(colon + 1));
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    Require.that(ok && port > 0 && port < 65536, "cluster address", "be host:port with a port in 1..65535", a);
  }

  public int size() { return addresses.size(); }

  public boolean isChief() { return rank == 0; }

  public String address(int task) { return addresses.get(task); }

  /** This task's device prefix, e.g. {@code /job:worker/replica:0/task:1}. */
  public String taskName(int task) { return "/job:" + JOB + "/replica:0/task:" + task; }

  /** The CPU device of this task, where every op of its graph is placed. */
  public String cpuDevice() { return taskName(rank) + "/device:CPU:0"; }

  /** Session target of this task's own server. */
  public String target() { return "grpc://" + address(rank); }

  /** The host:port this task's server binds (the port of its address). */
  public int port() {
    String a = address(rank);
    return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
  }

  /**
   * The session configuration: collectives led by task 0, and a device filter to the own task so
   * that creating the session does not wait for every other worker (TF's master otherwise blocks
   * in CreateSession until all tasks answer: measured, it waited forever for a missing task). The
   * peers are then reached only by the collective ops, which have timeouts.
   */
  public ConfigProto sessionConfig(long operationTimeoutMs) {
    return ConfigProto.newBuilder()
        .setExperimental(ConfigProto.Experimental.newBuilder().setCollectiveGroupLeader(taskName(0)))
        .addDeviceFilters(taskName(rank))
        .setOperationTimeoutInMs(operationTimeoutMs)
        .build();
  }

  /** The server definition of this task. */
  public ServerDef serverDef(ConfigProto sessionConfig) {
    JobDef.Builder job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < addresses.size(); i++) job.putTasks(i, addresses.get(i));
    return ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(JOB)
        .setTaskIndex(rank)
        .setProtocol("grpc")
        .setDefaultSessionConfig(sessionConfig)
        .build();
  }

  @Override
  public String toString() {
    return "worker " + rank + " of " + Arrays.toString(addresses.toArray());
  }
}
