import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Keeps the handler's original error on its way to BullMQ.
 *
 * Nest wraps every microservice handler in an exception zone: by default a thrown error is logged and
 * replaced with `{ status: 'error', message: 'Internal server error' }` (BaseRpcExceptionFilter). The job
 * still fails and is retried, but BullMQ no longer sees the real error: `UnrecoverableError` loses its
 * meaning (the job is retried anyway) and the job's failedReason reads "Internal server error".
 * Registering this filter globally in a worker app rethrows the error untouched:
 *
 *   app.useGlobalFilters(new BullMqExceptionFilter());
 */
@Catch()
export class BullMqExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
