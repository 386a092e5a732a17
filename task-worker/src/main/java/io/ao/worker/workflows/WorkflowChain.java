package io.ao.worker.workflows;

import io.ao.shared.queue.NewTask;
import io.ao.shared.queue.QueueKeys;
import io.ao.shared.queue.TaskEnvelope;
import io.ao.shared.workflows.WorkflowDefinitions;
import io.ao.shared.workflows.WorkflowKeys;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What follows a workflow step: the next step's task (recorded together with this step's success,
 * in one script), or nothing after the last step. A task outside any workflow has no successor.
 */
public final class WorkflowChain {

  private final WorkflowDefinitions definitions;

  public WorkflowChain(WorkflowDefinitions definitions) {
    this.definitions = definitions;
  }

  public static WorkflowChain none() {
    return new WorkflowChain(new WorkflowDefinitions(new JsonObject()));
  }

  public Optional<NewTask> next(TaskEnvelope delivery) {
    if (delivery.workflowId().isEmpty()) {
      return Optional.empty();
    }
    String workflow = delivery.payload().getString("workflow");
    List<WorkflowDefinitions.Step> steps =
        definitions.find(workflow).map(WorkflowDefinitions.Workflow::steps).orElse(List.of());
    for (int i = 0; i + 1 < steps.size(); i++) {
      if (steps.get(i).name().equals(delivery.step())) {
        WorkflowDefinitions.Step next = steps.get(i + 1);
        JsonObject payload =
            next.params()
                .copy()
                .put("workflow", workflow)
                .put("lead_id", delivery.payload().getString("lead_id"));
        String taskId = WorkflowDefinitions.stepTaskId(delivery.workflowId(), i + 1, next.name());
        return Optional.of(
            NewTask.withId(taskId, next.type(), payload, delivery.maxAttempts())
                .withRequestId(delivery.requestId())
                .inWorkflow(delivery.workflowId(), next.name()));
      }
    }
    return Optional.empty();
  }

  /** The run's hash, whose cancellation flag the completing script checks. */
  public String runKey(QueueKeys queue, TaskEnvelope delivery) {
    return new WorkflowKeys(queue).run(delivery.workflowId());
  }
}
