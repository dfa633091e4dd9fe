/**
 * Transport id for the BullMQ strategy. Nest passes it to processing hooks and uses it to tell transports
 * apart when an app runs several; a symbol cannot clash with the built-in `Transport` enum values.
 */
export const BULLMQ_TRANSPORT = Symbol('BULLMQ_TRANSPORT');
