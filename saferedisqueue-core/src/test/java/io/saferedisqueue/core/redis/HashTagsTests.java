package io.saferedisqueue.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.saferedisqueue.core.SafeRedisQueueConfigurationException;
import io.saferedisqueue.core.SafeRedisQueueKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redis's hash tag rule applied to queue names, checked against Lettuce's slot computation. */
class HashTagsTests {

  @Test
  void aNameHasATagExactlyWhenAllItsKeysShareOneSlot() {
    for (String name :
        List.of(
            "orders",
            "{orders}",
            "{orders}.paid",
            "pre{x}post",
            "{}",
            "{}{x}",
            "a{b",
            "a}b{c}",
            "{{x}}",
            "x{",
            "}{",
            "{a}{b}")) {
      SafeRedisQueueKeys keys = SafeRedisQueueKeys.forName(name);
      boolean oneSlot =
          List.of(keys.queue(), keys.ackbuf(), keys.backup(), keys.backupLock(), keys.delayed())
              .stream()
              .allMatch(key -> SlotHash.getSlot(key) == SlotHash.getSlot(keys.items()));
      assertThat(HashTags.tag(name) != null).as(name).isEqualTo(oneSlot);
    }
    assertThat(HashTags.tag("{orders}.paid")).isEqualTo("orders");
    assertThat(HashTags.tag("{}{x}")).isNull();
    assertThat(HashTags.tag("a}b{c}")).isEqualTo("c");
  }

  @Test
  void anUntaggedNameIsRefusedNamingTheTaggedName() {
    assertThatThrownBy(() -> HashTags.requireTag("orders"))
        .isInstanceOf(SafeRedisQueueConfigurationException.class)
        .hasMessage(
            "queue name 'orders' has no hash tag; on Redis Cluster its keys srq:orders:* would be"
                + " in different slots, which the queue's scripts cannot use: name it '{orders}'"
                + " (a Python client on the same cluster must use the name '{orders}' too).");
    assertThatThrownBy(() -> HashTags.requireTag("{}x"))
        .hasMessageContaining("give it a non-empty {...} part, such as '{x}'");
    HashTags.requireTag("{orders}");
  }
}
