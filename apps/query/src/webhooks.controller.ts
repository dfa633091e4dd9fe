import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  CreatedWebhookSubscription,
  RotatedWebhookSecret,
  WebhookDeliveryList,
  WebhookRedelivery,
  WebhookSubscription,
  WebhookSubscriptionInput,
  WebhookSubscriptionList,
  WebhookSubscriptionUpdate,
  WebhookTestSent,
} from '@storyline/contracts';
import {
  ApiJsonResponse,
  ApiQueryParams,
  ConditionalGet,
  openApiSchema,
  ProblemException,
  RequireScope,
  ZodValidationPipe,
} from '@storyline/http';
import { SubscriptionUrlRefused, WebhookSubscriptions } from '@storyline/pipeline';
import { parseDuration } from '@storyline/webhooks';
import { limitParam, notFound, queryParams, uuidParam } from './query-params';

const DeliveryFilter = queryParams({
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
  eventId: z.uuid().optional(),
  limit: limitParam(50, 500),
});
function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

const RotateSecret = z
  .object({
    grace: z
      .string()
      .refine(isDuration, 'a duration such as 0, 30m or 24h')
      .describe('how long the previous secret keeps signing; 0 revokes it at once'),
  })
  .strict()
  .optional();
const Redeliver = z
  .object({ eventId: z.uuid().optional(), since: z.iso.datetime({ offset: true }).optional() })
  .strict();

@ApiTags('webhooks')
@RequireScope('admin')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly subscriptions: WebhookSubscriptions) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe; the response carries the signing secret, shown only this once' })
  @ApiBody({ schema: openApiSchema(WebhookSubscriptionInput) })
  @ApiJsonResponse(201, CreatedWebhookSubscription, 'subscribed')
  @ApiResponse({ status: 400, description: 'invalid, or a URL refused (webhook-url-refused)' })
  async create(@Body(new ZodValidationPipe(WebhookSubscriptionInput, 'subscription')) input: WebhookSubscriptionInput) {
    return refusedUrlAs400(() => this.subscriptions.create(input));
  }

  @Get()
  @ApiOperation({ summary: 'Every subscription, oldest first, without secrets' })
  @ApiJsonResponse(200, WebhookSubscriptionList, 'the subscriptions')
  async list() {
    return { items: await this.subscriptions.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A subscription: URL, event types, filters, status, how many secrets sign' })
  @ConditionalGet(WebhookSubscription, 'the subscription')
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async get(@Param('id', uuidParam) id: string) {
    return (await this.subscriptions.get(id)) ?? notFound('Subscription', id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, description, event types or filters; fields left out stay' })
  @ApiBody({ schema: openApiSchema(WebhookSubscriptionUpdate) })
  @ApiJsonResponse(200, WebhookSubscription, 'the subscription as changed')
  @ApiResponse({ status: 400, description: 'invalid, or a URL refused (webhook-url-refused)' })
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async update(
    @Param('id', uuidParam) id: string,
    @Body(new ZodValidationPipe(WebhookSubscriptionUpdate, 'subscription')) patch: WebhookSubscriptionUpdate,
  ) {
    return (await refusedUrlAs400(() => this.subscriptions.update(id, patch))) ?? notFound('Subscription', id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unsubscribe; deliveries still pending are cancelled' })
  @ApiResponse({ status: 204, description: 'deleted' })
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async remove(@Param('id', uuidParam) id: string) {
    if (!(await this.subscriptions.remove(id))) notFound('Subscription', id);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Hold deliveries: they stay pending until resumed' })
  @ApiJsonResponse(200, WebhookSubscription, 'the subscription, paused')
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async pause(@Param('id', uuidParam) id: string) {
    return (await this.subscriptions.setPaused(id, true)) ?? notFound('Subscription', id);
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Deliver again, the held deliveries first, oldest first' })
  @ApiJsonResponse(200, WebhookSubscription, 'the subscription, active')
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async resume(@Param('id', uuidParam) id: string) {
    return (await this.subscriptions.setPaused(id, false)) ?? notFound('Subscription', id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'New secret (shown once); the old one keeps signing during the grace period' })
  @ApiBody({ schema: openApiSchema(RotateSecret), required: false })
  @ApiJsonResponse(200, RotatedWebhookSecret, 'the new secret')
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async rotate(
    @Param('id', uuidParam) id: string,
    @Body(new ZodValidationPipe(RotateSecret, 'body')) body: z.infer<typeof RotateSecret>,
  ) {
    const graceMs = body?.grace === undefined ? undefined : parseDuration(body.grace);
    return (await this.subscriptions.rotateSecret(id, graceMs)) ?? notFound('Subscription', id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a story.updated test event to this subscription alone, as any event is sent' })
  @ApiJsonResponse(202, WebhookTestSent, 'queued for delivery')
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async test(@Param('id', uuidParam) id: string) {
    return (await this.subscriptions.sendTest(id)) ?? notFound('Subscription', id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Delivery log: every attempt with time, status code, latency, first 1 KB of the response' })
  @ApiQueryParams(DeliveryFilter)
  @ApiJsonResponse(200, WebhookDeliveryList, 'deliveries, newest first')
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async deliveries(
    @Param('id', uuidParam) id: string,
    @Query(new ZodValidationPipe(DeliveryFilter, 'query')) q: z.infer<typeof DeliveryFilter>,
  ) {
    if (!(await this.subscriptions.get(id))) notFound('Subscription', id);
    return { items: await this.subscriptions.deliveries(id, q) };
  }

  @Post(':id/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send again one event ({eventId}) or every event since a time ({since})' })
  @ApiBody({ schema: openApiSchema(Redeliver) })
  @ApiJsonResponse(202, WebhookRedelivery, 'queued again')
  @ApiResponse({ status: 404, description: 'no such subscription' })
  async redeliver(
    @Param('id', uuidParam) id: string,
    @Body(new ZodValidationPipe(Redeliver, 'body')) body: z.infer<typeof Redeliver>,
  ) {
    if (!body.eventId && !body.since) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation', 'Invalid request', 'give eventId or since');
    }
    if (!(await this.subscriptions.get(id))) notFound('Subscription', id);
    return this.subscriptions.redeliver(id, {
      eventId: body.eventId,
      since: body.since ? new Date(body.since) : undefined,
    });
  }
}

async function refusedUrlAs400<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SubscriptionUrlRefused) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'webhook-url-refused', 'Webhook URL refused', error.message);
    }
    throw error;
  }
}
