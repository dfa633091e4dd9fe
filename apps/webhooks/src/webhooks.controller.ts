import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeliverEventPayload, DeliverWebhookPayload, JobName, RelayOutboxPayload } from '@storyline/contracts';
import { JobPayloadPipe, OutboxRelay, WebhookDeliveries } from '@storyline/pipeline';

@Controller()
export class WebhooksController {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  @EventPattern(JobName.RelayOutbox)
  async relayOutbox(@Payload(new JobPayloadPipe(RelayOutboxPayload)) _job: RelayOutboxPayload) {
    await this.relay.drain();
  }

  @EventPattern(JobName.DeliverEvent)
  deliverEvent(@Payload(new JobPayloadPipe(DeliverEventPayload)) job: DeliverEventPayload) {
    return this.deliveries.firstAttempts(job.eventId);
  }

  @EventPattern(JobName.DeliverWebhook)
  deliver(@Payload(new JobPayloadPipe(DeliverWebhookPayload)) job: DeliverWebhookPayload) {
    return this.deliveries.attempt(job.deliveryId, job.attempt);
  }
}
