import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { OutboxRelay } from './outbox-relay.service';

/**
 * The relay's own clock: events are normally relayed at once (a nudge job after each commit), but an event
 * committed while Redis was unreachable, or an attempt whose delayed job was lost, is found here.
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(OutboxPoller.name);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.config.WEBHOOK_OUTBOX_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      await this.relay.drain();
      // An attempt is overdue when its delayed job should have run a good while ago.
      await this.relay.requeueOverdue(Math.max(30_000, this.config.WEBHOOK_OUTBOX_POLL_MS * 10));
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox poll failed; next interval retries');
    }
  }
}
