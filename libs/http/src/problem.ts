import { HttpException, HttpStatus } from '@nestjs/common';

/** RFC 9457 problem details. `type` is a stable URI per kind of problem, documented in the README. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://storyline.dev/problems/';

export function problemType(slug: string): string {
  return `${TYPE_BASE}${slug}`;
}

/** Throw this from a controller or pipe to answer with a specific problem document. */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus,
    slug: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super({ type: problemType(slug), title, status, ...(detail ? { detail } : {}), ...extensions }, status);
  }
}
