package io.ao.api.support;

import static io.ao.api.support.RunningApi.await;

import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.queue.TaskQueue;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/** Makes a dead task the way a worker would: read, start, dead-letter. */
public final class DeadTasks {

  private DeadTasks() {}

  public static String create(Redis redis, String queueName, String error) {
    TaskQueue queue = new TaskQueue(redis, new QueueKeys("ao", queueName), 3600);
    await(queue.ensureGroup());
    NewTask task = NewTask.of("noop", null, 1);
    await(queue.enqueue(task));
    // Other tasks may wait ahead of ours: read them all (they stay pending) and pick ours.
    Response reply =
        await(
            redis.send(
                Request.cmd(Command.XREADGROUP)
                    .arg("GROUP")
                    .arg(QueueKeys.GROUP)
                    .arg("test")
                    .arg("COUNT")
                    .arg(10_000)
                    .arg("STREAMS")
                    .arg(queue.keys().stream())
                    .arg(">")));
    TaskEnvelope delivery = null;
    for (Response entry :
        reply.getKeys().isEmpty() ? reply.get(0).get(1) : reply.get(queue.keys().stream())) {
      TaskEnvelope candidate = TaskEnvelope.fromStreamEntry(entry.get(0).toString(), entry.get(1));
      if (candidate.id().equals(task.id())) {
        delivery = candidate;
      }
    }
    if (delivery == null) {
      throw new AssertionError("the new task was not on the stream");
    }
    TaskEnvelope dead = delivery;
    await(queue.startAll(List.of(dead), "test").compose(started -> queue.deadLetter(dead, error)));
    return task.id();
  }
}
