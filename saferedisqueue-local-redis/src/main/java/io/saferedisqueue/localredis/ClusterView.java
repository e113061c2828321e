package io.saferedisqueue.localredis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cluster node says of the cluster: the slot of a key, and the nodes and their slots as one
 * node's {@code CLUSTER NODES} lists them.
 */
final class ClusterView {

  private ClusterView() {}

  /** The cluster slot of a key (see {@link LocalRedisCluster#slot(String)}). */
  static int slot(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    int end = bytes.length;
    int open = indexOf(bytes, (byte) '{', 0);
    if (open >= 0) {
      int close = indexOf(bytes, (byte) '}', open + 1);
      if (close > open + 1) {
        start = open + 1;
        end = close;
      }
    }
    int crc = 0;
    for (int i = start; i < end; i++) {
      crc ^= (bytes[i] & 0xff) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
    }
    return (crc & 0xffff) % LocalRedisCluster.SLOT_COUNT;
  }

  private static int indexOf(byte[] bytes, byte value, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** The port of the healthy primary that serves the slot in this node's view, or -1. */
  static int ownerPort(int slot, int askedPort) {
    for (ClusterNode node : clusterNodes(askedPort)) {
      if (node.flags().contains("master") && !node.flags().contains("fail") && node.serves(slot)) {
        return node.port();
      }
    }
    return -1;
  }

  static List<ClusterNode> clusterNodes(int port) {
    List<ClusterNode> result = new ArrayList<>();
    for (String line : RespCommand.string(port, "CLUSTER", "NODES").split("\n")) {
      if (!line.isBlank()) {
        result.add(ClusterNode.parse(line.trim()));
      }
    }
    return result;
  }

  /** One line of {@code CLUSTER NODES}: address, flags and the slot ranges served. */
  record ClusterNode(int port, String flags, List<int[]> slotRanges) {

    static ClusterNode parse(String line) {
      String[] fields = line.split(" ");
      String address = fields[1];
      int colon = address.lastIndexOf(':');
      int at = address.indexOf('@');
      int port = Integer.parseInt(address.substring(colon + 1, at < 0 ? address.length() : at));
      List<int[]> ranges = new ArrayList<>();
      for (int i = 8; i < fields.length; i++) {
        String range = fields[i];
        if (range.startsWith("[")) {
          continue; // a slot being migrated or imported
        }
        int dash = range.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
        int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
        ranges.add(new int[] {first, last});
      }
      return new ClusterNode(port, fields[2], ranges);
    }

    boolean serves(int slot) {
      return slotRanges.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
    }
  }
}
