// Framework-free webhook delivery core (Standard Webhooks signing, retry schedule, SSRF guard, one-shot HTTP
// delivery, endpoint health). apps/webhooks wires it to the outbox, BullMQ and the delivery log.
export * from './duration';
export * from './secret';
export * from './signer';
export * from './retry-schedule';
export * from './ssrf-guard';
export * from './deliver';
export * from './secret-rotation';
export * from './endpoint-health';
