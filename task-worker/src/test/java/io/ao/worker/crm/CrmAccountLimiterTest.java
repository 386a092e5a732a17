package io.ao.worker.crm;

import static io.ao.worker.support.HandlerHarness.await;
import static io.ao.worker.support.HandlerHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ao.devstack.junit.RedisServerExtension;
import io.ao.devstack.redis.LocalRedisServer;
import io.ao.shared.config.CrmRateLimit;
import io.ao.worker.handlers.TaskDeferral;
import io.ao.worker.support.HandlerHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The account's shared budget (crm_permit.lua, crm_pause.lua) on a real Redis, on a test clock. */
@ExtendWith(RedisServerExtension.class)
class CrmAccountLimiterTest {

  private static HandlerHarness harness;
  private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);

  @BeforeAll
  static void start(LocalRedisServer server) {
    harness = new HandlerHarness(server);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void reset() {
    harness.reset();
  }

  /** 3 requests per 1 s (no margin), at most {@code concurrency} at once. */
  private CrmAccountLimiter limiter(int concurrency) {
    return new CrmAccountLimiter(
        harness.redis,
        "ao",
        "acct",
        new CrmRateLimit(3, 1, concurrency, 0, "acct", 3_600),
        5_000,
        clock::get);
  }

  private long deferredUntil(CrmAccountLimiter limiter, String task) {
    Throwable failure = failureOf(limiter.acquire(task));
    assertThat(failure).isInstanceOf(TaskDeferral.class);
    return ((TaskDeferral) failure).dueAtMs();
  }

  @Test
  void aWindowGrantsItsRequestsThenHandsOutTurnsOneSpacingApart() {
    CrmAccountLimiter limiter = limiter(0);
    long start = clock.get();
    for (String task : new String[] {"t1", "t2", "t3"}) {
      await(limiter.release(await(limiter.acquire(task))));
    }

    long fourth = deferredUntil(limiter, "t4");
    long fifth = deferredUntil(limiter, "t5");

    assertThat(fourth).as("when the first permit leaves the window").isEqualTo(start + 1_000);
    assertThat(fifth).as("the next turn, 1000/3 ms later").isEqualTo(start + 1_333);
  }

  @Test
  void aRequestCountsUntilAWindowAfterItsAnswerNotAfterItsPermit() {
    CrmAccountLimiter limiter = limiter(0);
    long start = clock.get();
    List<CrmAccountLimiter.Permit> permits = new ArrayList<>();
    for (String task : new String[] {"t1", "t2", "t3"}) {
      permits.add(await(limiter.acquire(task)));
    }
    clock.set(start + 500);
    for (CrmAccountLimiter.Permit permit : permits) {
      await(limiter.release(permit));
    }
    clock.set(start + 1_000);

    long fourth = deferredUntil(limiter, "t4");
    clock.set(fourth);

    assertThat(fourth)
        .as("a window after the answers, which the CRM may have seen late")
        .isEqualTo(start + 1_500);
    assertThat(await(limiter.acquire("t4"))).isNotNull();
  }

  @Test
  void aTaskWhoseTurnCameGoesBeforeANewcomer() {
    CrmAccountLimiter limiter = limiter(0);
    long start = clock.get();
    for (String task : new String[] {"t1", "t2", "t3"}) {
      await(limiter.release(await(limiter.acquire(task))));
    }
    long turn = deferredUntil(limiter, "waiting");
    clock.set(turn);

    long newcomer = deferredUntil(limiter, "newcomer");
    await(limiter.acquire("waiting"));

    assertThat(newcomer).as("behind the turns handed out").isGreaterThan(turn);
    assertThat(turn).isEqualTo(start + 1_000);
  }

  @Test
  void concurrencyCapsCallsUnderWayUntilOneIsReleased() {
    CrmAccountLimiter limiter = limiter(2);
    CrmAccountLimiter.Permit first = await(limiter.acquire("t1"));
    await(limiter.acquire("t2"));

    deferredUntil(limiter, "t3");
    await(limiter.release(first));
    clock.addAndGet(400);

    assertThat(await(limiter.acquire("t3"))).isNotNull();
  }

  @Test
  void aPauseDefersEveryTaskUntilItEndsAndOnlyEverLengthens() {
    CrmAccountLimiter limiter = limiter(0);
    long until = clock.get() + 30_000;

    assertThat(await(limiter.pause(until, "429"))).isTrue();
    assertThat(await(limiter.pause(until - 10_000, "shorter"))).isFalse();
    long a = deferredUntil(limiter, "a");
    long b = deferredUntil(limiter, "b");
    clock.set(until);

    assertThat(a).isEqualTo(until);
    assertThat(b).as("the next turn after the pause").isEqualTo(until + 333);
    assertThat(await(limiter.acquire("a"))).isNotNull();
  }

  @Test
  void aPauseIsCappedAtMaxPauseSeconds() {
    CrmAccountLimiter limiter = limiter(0);

    await(limiter.pause(clock.get() + 86_400_000L, "daily"));

    assertThat(deferredUntil(limiter, "a")).isEqualTo(clock.get() + 3_600_000L);
  }
}
